// One pull-request comment per Carbon Lens step, updated on every push instead of piling up: the
// comment carries a hidden marker, and the Action looks for it before writing. Uses the GitHub REST
// API (issues comments: list, create, update; REST API version 2022-11-28) with the job's token.

/** Hidden in the rendered comment; `id` keeps two Carbon Lens steps in one workflow apart. */
export function commentMarker(id = 'diff'): string {
  return `<!-- carbon-lens:${id.replace(/[^\w.-]/g, '_')} -->`;
}

export interface CommentTarget {
  /** e.g. https://api.github.com, or GITHUB_API_URL on GitHub Enterprise. */
  apiUrl: string;
  /** `owner/name`. */
  repository: string;
  issueNumber: number;
  token: string;
}

interface IssueComment {
  id: number;
  body?: string;
}

/** Pages are capped: a pull request with more than 10 000 comments gets a new comment rather than a long scan. */
const MAX_PAGES = 100;

async function call(t: CommentTarget, method: string, pathAndQuery: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${t.apiUrl.replace(/\/+$/, '')}${pathAndQuery}`, {
    method,
    headers: {
      Accept: 'application/vnd.github+json',
      Authorization: `Bearer ${t.token}`,
      'X-GitHub-Api-Version': '2022-11-28',
      'User-Agent': 'carbon-lens-action',
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) {
    // The message GitHub sends says what is wrong (e.g. "Resource not accessible by integration": the token lacks pull-requests: write).
    let message = text.slice(0, 300);
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? message;
    } catch {
      /* not JSON: keep the text */
    }
    throw new Error(`GitHub API ${method} ${pathAndQuery.split('?')[0]}: ${res.status} ${message}`);
  }
  return text ? JSON.parse(text) : undefined;
}

function repoPath(t: CommentTarget): string {
  const [owner, name] = t.repository.split('/');
  if (!owner || !name) throw new Error(`GITHUB_REPOSITORY must be owner/name, got "${t.repository}".`);
  return `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;
}

/** The first comment carrying the marker, walking every page of the issue's comments. */
export async function findComment(t: CommentTarget, marker: string): Promise<IssueComment | undefined> {
  for (let page = 1; page <= MAX_PAGES; page++) {
    const list = (await call(t, 'GET', `${repoPath(t)}/issues/${t.issueNumber}/comments?per_page=100&page=${page}`)) as IssueComment[];
    if (!Array.isArray(list)) throw new Error('GitHub API returned something other than a list of comments.');
    const hit = list.find((c) => typeof c.body === 'string' && c.body.includes(marker));
    if (hit) return hit;
    if (list.length < 100) return undefined;
  }
  return undefined;
}

/** Creates the comment, or updates the one this step wrote before. */
export async function upsertComment(t: CommentTarget, body: string, marker: string): Promise<{ id: number; action: 'created' | 'updated' }> {
  const full = body.includes(marker) ? body : `${marker}\n${body}`;
  const existing = await findComment(t, marker);
  if (existing) {
    await call(t, 'PATCH', `${repoPath(t)}/issues/comments/${existing.id}`, { body: full });
    return { id: existing.id, action: 'updated' };
  }
  const created = (await call(t, 'POST', `${repoPath(t)}/issues/${t.issueNumber}/comments`, { body: full })) as IssueComment;
  return { id: created.id, action: 'created' };
}
