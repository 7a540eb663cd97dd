// carbonLens.setOnlineCredentials: tokens for the forecast providers that need one, kept in VS
// Code's SecretStorage (the OS keychain), never in settings files.
import * as vscode from 'vscode';
import { SECRET_KEYS, type TimingService } from '../carbonTiming';
import { guardedCommand } from './guard';

type Choice = 'electricity-maps' | 'watttime' | 'forget';

export function setOnlineCredentialsCommand(secrets: vscode.SecretStorage, timing: TimingService) {
  return guardedCommand('Set online forecast credentials', async (): Promise<Choice | undefined> => {
    const pick = await vscode.window.showQuickPick<vscode.QuickPickItem & { id: Choice }>([
      { id: 'electricity-maps', label: 'Electricity Maps API token', detail: 'Stored in VS Code’s secret storage. The UK Carbon Intensity API needs none.' },
      { id: 'watttime', label: 'WattTime account (username and password)', detail: 'Stored in VS Code’s secret storage; used to log in for a forecast token.' },
      { id: 'forget', label: 'Forget all stored forecast credentials' },
    ], { title: 'Carbon Lens: online forecast credentials' });
    if (!pick) return undefined;
    // Whatever changes, a cached forecast or WattTime login must not outlive the old credentials.
    timing.clearCache();
    if (pick.id === 'forget') {
      await Promise.all(Object.values(SECRET_KEYS).map((k) => secrets.delete(k)));
      void vscode.window.showInformationMessage('Carbon Lens: forecast credentials forgotten.');
      return pick.id;
    }
    if (pick.id === 'electricity-maps') {
      const token = await vscode.window.showInputBox({ title: 'Electricity Maps API token', password: true, ignoreFocusOut: true, validateInput: (t) => (t.trim() ? undefined : 'Enter the token') });
      if (!token) return undefined;
      await secrets.store(SECRET_KEYS.electricityMapsToken, token.trim());
    } else {
      const user = await vscode.window.showInputBox({ title: 'WattTime username', ignoreFocusOut: true, validateInput: (t) => (t.trim() ? undefined : 'Enter the username') });
      if (!user) return undefined;
      const password = await vscode.window.showInputBox({ title: 'WattTime password', password: true, ignoreFocusOut: true, validateInput: (t) => (t ? undefined : 'Enter the password') });
      if (!password) return undefined;
      await secrets.store(SECRET_KEYS.wattTimeUser, user.trim());
      await secrets.store(SECRET_KEYS.wattTimePassword, password);
    }
    void vscode.window.showInformationMessage('Carbon Lens: credentials stored in VS Code’s secret storage.');
    return pick.id;
  });
}
