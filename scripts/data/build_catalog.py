#!/usr/bin/env python3
"""Transcribes ../shared/reference-data (the sourced tables) into src/core/data/*.json.

The JSON output is committed and reviewed; this script is kept so the transcription can be re-run and
checked when the reference tables change:  python3 scripts/data/build_catalog.py [OUT_DIR]
"""
import csv, json, re, sys, os
from collections import defaultdict, OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
REF = os.environ.get('REFERENCE_DATA', os.path.join(HERE, '../../../shared/reference-data'))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, '../../src/core/data')


def rows(path):
    with open(os.path.join(REF, path), newline='', encoding='utf-8') as f:
        return list(csv.DictReader(f))


def num(s):
    s = (s or '').strip()
    if s == '' or s.lower() in ('nan', 'unk'):
        return None
    v = float(s)
    return int(v) if v.is_integer() else v


def first_year(s, fallback=None):
    m = re.search(r'(19|20)\d\d', s or '')
    return int(m.group(0)) if m else fallback


def norm(s):
    return re.sub(r'[^a-z0-9]', '', s.lower())


def _rows_text(lst, indent):
    pad = ' ' * indent
    return '[\n' + ',\n'.join(pad + ' ' + json.dumps(x, ensure_ascii=False, separators=(',', ':')) for x in lst) + '\n' + pad + ']'


def dump(name, data):
    # One row per line: compact to ship, still diffable row by row.
    if isinstance(data, list):
        text = _rows_text(data, 0)
    else:
        parts = []
        for k, v in data.items():
            if isinstance(v, list) and v and isinstance(v[0], dict):
                parts.append(' ' + json.dumps(k) + ': ' + _rows_text(v, 1))
            else:
                parts.append(' ' + json.dumps(k) + ': ' + json.dumps(v, ensure_ascii=False, separators=(',', ':')))
        text = '{\n' + ',\n'.join(parts) + '\n}'
    json.loads(text)
    with open(os.path.join(OUT, name), 'w', encoding='utf-8') as f:
        f.write(text + '\n')


problems = []

# ---------------------------------------------------------------- accelerators
SPEC_SOURCE_NAMES = {
    'MLENG': 'ml-engineering accelerator tables (vendor specs)',
    'LLMA': 'llm-analysis GPU configs',
    'MLCO2GPU': 'ML CO2 Impact GPU table',
    'GA_TDP': 'Green Algorithms v3.0 TDP table',
    'PATT21': 'Patterson et al. 2021',
    'GCLOUD_TPU': 'Google Cloud TPU docs',
    'AWS_NEURON': 'AWS Neuron docs',
    'NV_DATASHEET': 'NVIDIA datasheet',
    'NV_WHITEPAPER': 'NVIDIA architecture whitepaper',
    'CC_CPU': 'CodeCarbon CPU power table',
}
SPEC_SOURCE_YEAR = {  # year of the snapshot / document the figure was read from
    # last change of the file read; 2026 (the collection year) where the snapshot is undated
    'MLENG': 2026, 'LLMA': 2023, 'MLCO2GPU': 2026, 'GA_TDP': 2025, 'PATT21': 2021,
    'GCLOUD_TPU': 2026, 'AWS_NEURON': 2026, 'CC_CPU': 2026,
}

# Spellings seen in configs, cloud APIs and notebooks that the CSV alias column does not carry.
EXTRA_ALIASES = {
    'nvidia-a100-sxm4-40gb': ['A100', 'A100-40GB', 'A100 SXM', 'A100-SXM4', 'A100 40GB SXM', 'nvidia-tesla-a100',
                              'NVIDIA_TESLA_A100', 'A100_NVLINK', 'NVIDIA A100-SXM4-40GB'],
    'nvidia-a100-sxm4-80gb': ['A100-80GB', 'A100 80GB SXM', 'A100-80GB-SXM', 'A100-SXM-80GB', 'nvidia-a100-80gb',
                              'NVIDIA_A100_80GB', 'A100_NVLINK_80GB', 'NVIDIA A100-SXM4-80GB'],
    'nvidia-a100-pcie-40gb': ['A100 PCIe', 'A100-PCIe-40GB', 'A100 40GB PCIe', 'A100_PCIE_40GB'],
    'nvidia-a100-pcie-80gb': ['A100-80GB-PCIe', 'A100 80GB PCIe', 'NVIDIA-A100-80GB-PCIe', 'A100_PCIE_80GB'],
    'nvidia-h100-sxm5-80gb': ['H100', 'H100 SXM5', 'H100-SXM', 'H100 80GB', 'H100 80GB SXM', 'nvidia-h100-80gb',
                              'NVIDIA_H100_80GB', 'nvidia-h100-mega-80gb', 'NVIDIA_H100_MEGA_80GB', 'H100-MEGA',
                              'H100 80GB HBM3', 'H100_NVLINK_80GB', 'NVIDIA-H100-SXM5-80GB'],
    'nvidia-h100-pcie-80gb': ['H100-PCIe-80GB', 'H100 80GB PCIe', 'H100_PCIE'],
    'nvidia-h100-nvl-94gb': ['H100-NVL', 'H100 94GB', 'H100 NVL 94GB'],
    'nvidia-h200-sxm-141gb': ['H200-SXM', 'H200 141GB', 'nvidia-h200-141gb', 'NVIDIA_H200_141GB'],
    'nvidia-h200-nvl-141gb': ['H200-NVL', 'H200 NVL 141GB'],
    'nvidia-b200-sxm': ['B200 SXM', 'nvidia-b200', 'NVIDIA_B200'],
    'nvidia-gb200': ['nvidia-gb200', 'NVIDIA_GB200', 'GB200-NVL'],
    'nvidia-l4': ['nvidia-l4', 'NVIDIA_L4', 'nvidia-l4-vws', 'L4 24GB'],
    'nvidia-l40s': ['L40S 48GB', 'nvidia-l40s'],
    'nvidia-a10g': ['A10G 24GB'],
    'nvidia-a10': ['A10 24GB', 'A10 PCIe'],
    'nvidia-t4': ['Tesla-T4', 'T4 16GB', 'nvidia-tesla-t4', 'NVIDIA_TESLA_T4', 'nvidia-tesla-t4-vws', 'T4g'],
    'nvidia-v100-sxm2-16gb': ['V100', 'Tesla V100', 'V100 16GB', 'V100-SXM2-16GB', 'V100 SXM2 16GB',
                              'nvidia-tesla-v100', 'NVIDIA_TESLA_V100', 'Tesla_V100_NVLINK'],
    'nvidia-v100-sxm2-32gb': ['V100-32GB', 'V100-SXM2-32GB', 'V100 SXM2 32GB'],
    'nvidia-v100-pcie-16gb': ['V100-PCIE-16GB', 'V100 PCIe 16GB'],
    'nvidia-v100-pcie-32gb': ['V100-PCIE-32GB', 'V100 PCIe 32GB'],
    'nvidia-v100s-pcie-32gb': ['V100S-PCIE-32GB', 'V100S PCIe'],
    'nvidia-p100-pcie-16gb': ['P100', 'Tesla P100', 'P100-PCIE-16GB', 'nvidia-tesla-p100', 'NVIDIA_TESLA_P100'],
    'nvidia-p100-sxm2-16gb': ['P100-SXM2-16GB', 'P100 SXM2 16GB'],
    'nvidia-k80': ['nvidia-tesla-k80', 'NVIDIA_TESLA_K80', 'Tesla-K80'],
    'nvidia-rtx-3090': ['RTX3090', 'GeForce RTX 3090 24GB'],
    'nvidia-rtx-4090': ['RTX4090', 'NVIDIA GeForce RTX 4090'],
    'nvidia-rtx-a6000': ['A6000', 'RTX_A6000', 'RTX A6000 48GB'],
    'google-tpu-v2': ['tpu-v2', 'TPU_V2'],
    'google-tpu-v3': ['tpu-v3', 'TPU_V3'],
    'google-tpu-v4': ['tpu-v4', 'TPU_V4_POD', 'tpu-v4-podslice', 'TPU v4 Pod'],
    'google-tpu-v5e': ['tpu-v5e', 'v5e', 'TPU v5 lite', 'tpu-v5-lite', 'tpu-v5-lite-podslice', 'tpu-v5-lite-device',
                       'TPU_V5_LITEPOD'],
    'google-tpu-v5p': ['tpu-v5p', 'v5p', 'tpu-v5p-slice'],
    'google-tpu-v6e': ['tpu-v6e', 'v6e', 'tpu-v6e-slice', 'TPU Trillium'],
    'amd-mi250x': ['Instinct MI250X'],
    'amd-mi250': ['Instinct MI250'],
    'amd-mi300x': ['Instinct MI300X', 'MI300X 192GB'],
    'amd-mi325x': ['AMD Instinct MI325X', 'Instinct MI325X'],
    'intel-gaudi2': ['Gaudi 2', 'Habana Gaudi2', 'Gaudi2 HL-225H'],
    'intel-gaudi3': ['Gaudi 3', 'Intel Gaudi 3', 'Habana Gaudi3'],
    'aws-trainium1': ['AWS Trainium'],
    'aws-trainium2': ['AWS Trainium2', 'Trainium 2'],
    'aws-inferentia2': ['AWS Inferentia2', 'Inferentia 2'],
    'aws-inferentia1': ['AWS Inferentia'],
    'apple-m1': [],
}

# Not published by the vendor: a stated stand-in so the estimator still has a power figure (flagged tdpEstimated).
# TPU v4: Cloud TPU docs' measured mean chip power, as Green Algorithms uses it.
# MI250: the MI250X board (same OAM package and power envelope class).
# Others: Green Algorithms' generic per-accelerator default ("Any", 200 W).
TDP_STANDIN = {
    'google-tpu-v4': (170, 'TDP not published; measured mean chip power 170 W (Cloud TPU docs, used by Green Algorithms)', 'GA_TDP'),
    'amd-mi250': (560, 'TDP not in fetched tables; MI250X board value (560 W) used as stand-in', 'MLENG'),
    'google-tpu-v5e': (200, 'TDP not published; Green Algorithms generic accelerator default (200 W)', 'GA_TDP'),
    'google-tpu-v5p': (200, 'TDP not published; Green Algorithms generic accelerator default (200 W)', 'GA_TDP'),
    'google-tpu-v6e': (200, 'TDP not published; Green Algorithms generic accelerator default (200 W)', 'GA_TDP'),
    'aws-trainium1': (200, 'TDP not published; Green Algorithms generic accelerator default (200 W)', 'GA_TDP'),
    'aws-trainium2': (200, 'TDP not published; Green Algorithms generic accelerator default (200 W)', 'GA_TDP'),
    'aws-inferentia2': (200, 'TDP not published; Green Algorithms generic accelerator default (200 W)', 'GA_TDP'),
    'aws-inferentia1': (200, 'TDP not published; Green Algorithms generic accelerator default (200 W)', 'GA_TDP'),
}

# Per-device embodied figures from embodied/embodied_carbon.csv (whole-device LCA scope only; die-only CPA
# values stay in embodied.json and are not attached to devices, so devices are compared on one scope).
EMBODIED_BY_DEVICE = {
    'nvidia-a100-sxm4-80gb': 'bloom_gpu_a100',
    'nvidia-h100-sxm5-80gb': 'nvidia_h100_pcf',
}


def clean_alias(a):
    a = a.strip()
    if not a or any(c in a for c in '()*+/') or '...' in a:
        return None
    return a


acc_rows = rows('hardware/accelerators.csv')
emb_rows = {r['id']: r for r in rows('embodied/embodied_carbon.csv')}
accelerators = []
for r in acc_rows:
    aid = r['id']
    srcs = [s for s in r['spec_source_ids'].split(';') if s]
    name = r['model'] if r['variant'] in ('chip', 'SoC') else f"{r['model']} {r['variant']}"
    tdp = num(r['tdp_w'])
    a = OrderedDict()
    a['id'] = aid
    a['name'] = name
    a['vendor'] = r['vendor']
    a['model'] = re.sub(r'\s*\(.*\)', '', r['model'])
    aliases = []
    for al in r['aliases'].split('|') + EXTRA_ALIASES.get(aid, []):
        c = clean_alias(al)
        if c and c.lower() not in {x.lower() for x in aliases} and c != aid:
            aliases.append(c)
    a['aliases'] = aliases
    if num(r['memory_gb']) is not None:
        a['memoryGb'] = num(r['memory_gb'])
    if tdp is None:
        tdp, basis, tsrc = TDP_STANDIN[aid]
        a['tdpW'] = tdp
        a['tdpBasis'] = basis
        a['tdpEstimated'] = True
    else:
        a['tdpW'] = tdp
        a['tdpBasis'] = r['tdp_basis']
    tf = OrderedDict()
    for col, key in [('fp32_tflops', 'fp32'), ('tf32_tflops', 'tf32'), ('fp16_tflops', 'fp16'),
                     ('bf16_tflops', 'bf16'), ('fp8_tflops', 'fp8'), ('int8_tops', 'int8')]:
        v = num(r[col])
        if v is not None:
            tf[key] = v
    a['tflops'] = tf
    if num(r['measured_avg_power_w']) is not None:
        a['measuredPowerW'] = num(r['measured_avg_power_w'])
        a['measuredPowerBasis'] = r['measured_power_basis']
    eid = EMBODIED_BY_DEVICE.get(aid)
    if eid:
        a['embodiedKg'] = num(emb_rows[eid]['value'])
        a['embodiedSource'] = {'bloom_gpu_a100': 'Luccioni et al. 2022 (BLOOM)',
                               'nvidia_h100_pcf': 'NVIDIA HGX H100 PCF via EcoLogits'}[eid]
    a['releaseYear'] = int(r['release_year'])
    a['formFactor'] = r['form_factor']
    a['source'] = ' + '.join(SPEC_SOURCE_NAMES[s] for s in srcs[:2])
    # NVIDIA documents are cited through the compilations, so they carry the device's release year.
    a['year'] = max(SPEC_SOURCE_YEAR.get(s, int(r['release_year'])) for s in srcs[:2])
    a['verification'] = r['verification']
    if r['notes']:
        a['notes'] = r['notes']
    accelerators.append(a)

acc_ids = {a['id'] for a in accelerators}

# Device-naming labels from instances.csv (GKE/Vertex/Karpenter/GFD/CoreWeave/SkyPilot GPU names) become aliases.
inst_rows = rows('hardware/instances.csv')
DEVICE_KINDS = {'k8s_label', 'vertex_enum', 'gpu_feature_discovery', 'skypilot_name'}
label_alias = defaultdict(set)
for r in inst_rows:
    if r['kind'] not in DEVICE_KINDS or r['accelerator'] not in acc_ids:
        continue
    val = r['instance_type_or_label'].split('=', 1)[-1]
    if r['kind'] == 'skypilot_name' and val.startswith('tpu-'):
        continue  # slice names carry a chip count; they live in instances.json
    label_alias[norm(val)].add((val, r['accelerator']))
by_id = {a['id']: a for a in accelerators}
for key, vals in label_alias.items():
    targets = {t for _, t in vals}
    if len(targets) > 1:
        problems.append(f'label alias {key} maps to {targets}; not added')
        continue
    val, target = sorted(vals)[0]
    a = by_id[target]
    if val.lower() not in {x.lower() for x in a['aliases']} and val != target:
        a['aliases'].append(val)

seen = {}
for a in accelerators:
    for k in [a['id']] + a['aliases']:
        n = norm(k)
        if n in seen and seen[n] != a['id']:
            problems.append(f'alias clash {k!r}: {seen[n]} vs {a["id"]}')
        seen[n] = a['id']

dump('accelerators.json', accelerators)

# ---------------------------------------------------------------- instances
INST_SOURCE_NAMES = {
    'KARPENTER_IT': ('Karpenter instance-type reference (EC2 API)', 2026),
    'KARPENTER_IT(v1.12)': ('Karpenter v1.12 instance-type reference (EC2 API)', 2026),
    'KARPENTER_IT(v1.0)': ('Karpenter v1.0 instance-type reference (EC2 API)', 2024),
    'XPK_SC': ('Google xpk system characteristics', 2026),
    'CYCLENERD_GCP': ('gcloud machine-type catalogue (Cyclenerd)', 2026),
    'SKYPILOT_GCP': ('SkyPilot GCP catalogue', 2026),
    'SKYPILOT_CAT': ('SkyPilot catalogue', 2026),
    'SKYPILOT_CAT(lambda v7)': ('SkyPilot catalogue (Lambda)', 2026),
    'SKYPILOT_CAT(oci v6)': ('SkyPilot catalogue (OCI)', 2026),
    'OCI_SKY_TEST': ('SkyPilot OCI catalogue test fixture', 2026),
    'AZURE_DOCS': ('Azure VM size documentation', 2026),
    'VERTEX_ENUM': ('Vertex AI AcceleratorType enum', 2026),
    'GCP_TPU_DOCS': ('Cloud TPU documentation', 2026),
    'SAGEMAKER_API': ('SageMaker API reference', 2026),
    'GFD_OBS': ('NVIDIA GPU Feature Discovery labels (observed)', 2026),
    'COREWEAVE_OBS': ('CoreWeave node labels (observed)', 2026),
    'RECALLED': ('recalled vendor spec (unverified)', 2026),
}
LABEL_KINDS = {'k8s_label', 'vertex_enum', 'gpu_feature_discovery'}
instances = []
for r in inst_rows:
    first = r['source'].split(';')[0]
    key = first.split(':')[0] if first.startswith('AZURE_DOCS') else first
    sname, syear = INST_SOURCE_NAMES[key]
    raw = r['instance_type_or_label']
    label_key = None
    name = raw
    if r['kind'] in LABEL_KINDS and '=' in raw:
        label_key, name = raw.split('=', 1)
    is_device_name = r['kind'] in LABEL_KINDS or (r['kind'] == 'skypilot_name' and not raw.startswith('tpu-'))
    mapped = r['accelerator'] in acc_ids
    i = OrderedDict()
    i['provider'] = r['provider']
    i['name'] = name
    if label_key:
        i['labelKey'] = label_key
    i['kind'] = r['kind']
    i['accelerator'] = r['accelerator'] if mapped else ''
    if not mapped:
        i['unmappedAccelerator'] = re.sub(r'\s*\((not in accelerators\.csv)\)|;\s*not in accelerators\.csv', '',
                                          r['accelerator']).strip()
    # Labels name a device type only; the count comes from the node or job spec (see catalogTypes).
    i['count'] = 0 if is_device_name else num(r['accelerator_count'])
    if num(r['host_vcpus']) is not None:
        i['vcpus'] = num(r['host_vcpus'])
    if num(r['host_memory_gb']) is not None:
        i['memoryGb'] = num(r['host_memory_gb'])
    i['source'] = sname
    i['year'] = syear
    i['verification'] = r['verification']
    instances.append(i)
dump('instances.json', instances)

# ---------------------------------------------------------------- regions
GCP_CC = {
    'africa-south1': 'ZA', 'asia-east1': 'TW', 'asia-east2': 'HK', 'asia-northeast1': 'JP', 'asia-northeast2': 'JP',
    'asia-northeast3': 'KR', 'asia-south1': 'IN', 'asia-south2': 'IN', 'asia-southeast1': 'SG',
    'asia-southeast2': 'ID', 'australia-southeast1': 'AU', 'australia-southeast2': 'AU', 'europe-central2': 'PL',
    'europe-north1': 'FI', 'europe-north2': 'SE', 'europe-southwest1': 'ES', 'europe-west1': 'BE',
    'europe-west10': 'DE', 'europe-west12': 'IT', 'europe-west2': 'GB', 'europe-west3': 'DE', 'europe-west4': 'NL',
    'europe-west6': 'CH', 'europe-west8': 'IT', 'europe-west9': 'FR', 'me-central1': 'QA', 'me-central2': 'SA',
    'me-west1': 'IL', 'northamerica-northeast1': 'CA', 'northamerica-northeast2': 'CA', 'northamerica-south1': 'MX',
    'southamerica-east1': 'BR', 'southamerica-west1': 'CL',
}
AWS_CC = {
    'af-south-1': ('ZA', 'Africa (Cape Town)'), 'ap-east-1': ('HK', None), 'ap-south-1': ('IN', None),
    'ap-northeast-1': ('JP', None), 'ap-northeast-2': ('KR', None), 'ap-northeast-3': ('JP', None),
    'ap-southeast-1': ('SG', None), 'ap-southeast-2': ('AU', None),
    'ap-southeast-3': ('ID', 'Asia Pacific (Jakarta)'), 'ca-central-1': ('CA', None), 'cn-north-1': ('CN', None),
    'cn-northwest-1': ('CN', None), 'eu-central-1': ('DE', None), 'eu-west-1': ('IE', None),
    'eu-west-2': ('GB', None), 'eu-west-3': ('FR', None), 'eu-north-1': ('SE', None),
    'eu-south-1': ('IT', 'EU (Milan)'), 'me-south-1': ('BH', 'Middle East (Bahrain)'),
    'me-central-1': ('AE', 'Middle East (UAE)'), 'sa-east-1': ('BR', None),
}
AZURE_CC_PREFIX = [
    ('southafrica', 'ZA'), ('australia', 'AU'), ('japan', 'JP'), ('korea', 'KR'), ('eastasia', 'HK'),
    ('southeastasia', 'SG'), ('india', 'IN'), ('centralindia', 'IN'), ('jioindia', 'IN'), ('southindia', 'IN'),
    ('westindia', 'IN'), ('northeurope', 'IE'), ('westeurope', 'NL'), ('france', 'FR'), ('sweden', 'SE'),
    ('switzerland', 'CH'), ('uk', 'GB'), ('germany', 'DE'), ('norway', 'NO'), ('uae', 'AE'), ('canada', 'CA'),
    ('brazil', 'BR'), ('centralus', 'US'), ('unitedstates', 'US'), ('eastus', 'US'), ('usnorth', 'US'),
    ('northcentralus', 'US'), ('southcentralus', 'US'), ('westcentralus', 'US'), ('westus', 'US'),
]

CC_NAME = {}  # filled below from the country table; names for regions the region table leaves unlocated
regions = []
_ISO = None
for r in rows('grid/cloud_region_intensity.csv'):
    p = r['provider']
    if p not in ('aws', 'gcp', 'azure') or r['region'] == 'UNKNOWN_DEFAULT':
        continue
    reg = r['region'].lower() if p == 'azure' else r['region']
    cc = None
    loc = r['location']
    if p == 'gcp':
        cc = 'US' if reg.startswith('us-') else GCP_CC.get(reg)
        src = 'Google Cloud region carbon data'
    elif p == 'aws':
        if reg.startswith('us-'):
            cc = 'US'
        else:
            cc, l2 = AWS_CC[reg]
            loc = loc or l2
        src = 'Cloud Carbon Footprint (EPA eGRID2020)' if 'eGRID' in r['basis'] else \
            'Cloud Carbon Footprint (country factor)'
    else:
        for pre, c in AZURE_CC_PREFIX:
            if reg.startswith(pre):
                cc = c
                break
        src = 'Cloud Carbon Footprint (EPA eGRID2020)' if 'eGRID' in r['basis'] else \
            'Cloud Carbon Footprint (country factor)'
    g = OrderedDict()
    g['id'] = f'{p}:{reg}'
    g['provider'] = p
    g['region'] = reg
    g['location'] = loc or (f"{CC_NAME[cc]} ({reg})" if cc in CC_NAME else reg)
    if cc:
        g['country'] = cc
    g['gPerKwh'] = num(r['gco2e_per_kwh'])
    g['basis'] = r['basis']
    if r['google_cfe_fraction']:
        g['cfeFraction'] = num(r['google_cfe_fraction'])
    g['source'] = src
    g['year'] = first_year(r['data_year'])
    regions.append(g)
ids = [g['id'] for g in regions]
assert len(ids) == len(set(ids)), 'duplicate region ids'

# ---------------------------------------------------------------- countries
ISO3_TO_2 = dict(x.split(':') for x in '''ABW:AW AFG:AF AGO:AO ALB:AL ARE:AE ARG:AR ARM:AM ASM:AS ATG:AG AUS:AU AUT:AT
AZE:AZ BDI:BI BEL:BE BEN:BJ BFA:BF BGD:BD BGR:BG BHR:BH BHS:BS BIH:BA BLR:BY BLZ:BZ BMU:BM BOL:BO BRA:BR BRB:BB BRN:BN
BTN:BT BWA:BW CAF:CF CAN:CA CHE:CH CHL:CL CHN:CN CIV:CI CMR:CM COD:CD COG:CG COK:CK COL:CO COM:KM CPV:CV CRI:CR CUB:CU
CYM:KY CYP:CY CZE:CZ DEU:DE DJI:DJ DMA:DM DNK:DK DOM:DO DZA:DZ ECU:EC EGY:EG ERI:ER ESH:EH ESP:ES EST:EE ETH:ET FIN:FI
FJI:FJ FLK:FK FRA:FR FRO:FO GAB:GA GBR:GB GEO:GE GHA:GH GIB:GI GIN:GN GLP:GP GMB:GM GNB:GW GNQ:GQ GRC:GR GRD:GD GRL:GL
GTM:GT GUF:GF GUM:GU GUY:GY HKG:HK HND:HN HRV:HR HTI:HT HUN:HU IDN:ID IND:IN IRL:IE IRN:IR IRQ:IQ ISL:IS ISR:IL ITA:IT
JAM:JM JOR:JO JPN:JP KAZ:KZ KEN:KE KGZ:KG KHM:KH KIR:KI KNA:KN KOR:KR KWT:KW LAO:LA LBN:LB LBR:LR LBY:LY LCA:LC LKA:LK
LSO:LS LTU:LT LUX:LU LVA:LV MAC:MO MAR:MA MDA:MD MDG:MG MDV:MV MEX:MX MKD:MK MLI:ML MLT:MT MMR:MM MNE:ME MNG:MN MOZ:MZ
MRT:MR MSR:MS MTQ:MQ MUS:MU MWI:MW MYS:MY NAM:NA NCL:NC NER:NE NGA:NG NIC:NI NLD:NL NOR:NO NPL:NP NRU:NR NZL:NZ OMN:OM
PAK:PK PAN:PA PER:PE PHL:PH PNG:PG POL:PL PRI:PR PRK:KP PRT:PT PRY:PY PSE:PS PYF:PF QAT:QA REU:RE ROU:RO RUS:RU RWA:RW
SAU:SA SDN:SD SEN:SN SGP:SG SHN:SH SLB:SB SLE:SL SLV:SV SOM:SO SPM:PM SRB:RS SSD:SS STP:ST SUR:SR SVK:SK SVN:SI SWE:SE
SWZ:SZ SYC:SC SYR:SY TCA:TC TCD:TD TGO:TG THA:TH TJK:TJ TKM:TM TLS:TL TON:TO TTO:TT TUN:TN TUR:TR TWN:TW TZA:TZ UGA:UG
UKR:UA URY:UY USA:US UZB:UZ VCT:VC VEN:VE VGB:VG VIR:VI VNM:VN VUT:VU WSM:WS YEM:YE ZAF:ZA ZMB:ZM ZWE:ZW'''.split())
COUNTRY_ALIASES = {
    'US': ['United States of America', 'USA', 'America'], 'GB': ['UK', 'Great Britain', 'Britain', 'England'],
    'KR': ['Korea', 'Republic of Korea'], 'CZ': ['Czech Republic'], 'NL': ['Holland', 'The Netherlands'],
    'AE': ['UAE'], 'RU': ['Russian Federation'], 'CI': ["Côte d'Ivoire", 'Ivory Coast'], 'TR': ['Türkiye', 'Turkiye'],
    'CD': ['DR Congo', 'DRC'], 'VN': ['Viet Nam'], 'TL': ['Timor-Leste'], 'CV': ['Cabo Verde'],
    'SZ': ['Swaziland'], 'MK': ['Macedonia'], 'IR': ['Islamic Republic of Iran'], 'BO': ['Plurinational State of Bolivia'],
}
countries = []
for r in rows('grid/countries_owid_via_codecarbon.csv'):
    c = OrderedDict()
    c['code'] = ISO3_TO_2[r['iso3']]
    c['iso3'] = r['iso3']
    c['name'] = r['country']
    if c['code'] in COUNTRY_ALIASES:
        c['aliases'] = COUNTRY_ALIASES[c['code']]
    c['gPerKwh'] = num(r['gco2e_per_kwh'])
    # Generation shares of the same year: what says whether carbon-aware timing could help there.
    total = float(r['total_twh'] or 0)
    if total > 0:
        c['mix'] = OrderedDict((k, round(float(r[f'{k}_twh'] or 0) / total, 3)) for k in ('fossil', 'renewables', 'nuclear'))
    c['source'] = 'Our World in Data / Ember (via CodeCarbon)'
    c['year'] = int(r['data_year'])
    countries.append(c)
codes = [c['code'] for c in countries]
assert len(codes) == len(set(codes))
CC_NAME.update({c['code']: c['name'] for c in countries})
for g in regions:
    if g['location'] == g['region'] and g.get('country') in CC_NAME:
        g['location'] = f"{CC_NAME[g['country']]} ({g['region']})"
dump('regions.json', regions)
ref_avg = {r['id']: r for r in rows('grid/reference_averages.csv')}
w = ref_avg['world_avg_iea2019']
world = OrderedDict([('gPerKwh', num(w['gco2e_per_kwh'])), ('source', 'IEA Global Energy & CO2 Status Report 2019'),
                     ('year', int(w['data_year']))])
references = []
for r in rows('grid/reference_averages.csv'):
    if r['id'] == 'world_avg_iea2019':
        continue
    references.append(OrderedDict([('id', r['id']), ('description', r['description']),
                                   ('gPerKwh', num(r['gco2e_per_kwh'])), ('source', r['source'].split(' (')[0]),
                                   ('year', int(r['data_year']) if r['data_year'] else 2023),
                                   ('verification', r['verification'])]))
dump('countries.json', OrderedDict([('world', world), ('countries', countries), ('references', references)]))

# ---------------------------------------------------------------- pue
PUE_SOURCE = {
    'CCF': ('Cloud Carbon Footprint', 2024), 'GA_PUE': ('Green Algorithms v3.0 (nutanix.dev 2023)', 2023),
    'STRUB19': ('Strubell et al. 2019 (Uptime 2018)', 2018), 'PATT21': ('Patterson et al. 2021', 2020),
    'GA_CI': ('Green Algorithms v3.0 (Google, Sep 2020)', 2020), 'LLAMA1': ('Touvron et al. 2023 (LLaMA)', 2023),
    'LUCC22': ('Luccioni et al. 2022 (BLOOM)', 2022), 'SECONDARY': ('paper, via secondary transcription', 2024),
}
# One fleet value per provider is the default. For the three big clouds the Cloud Carbon Footprint values are
# used: Google's and Microsoft's own published fleet figures, and the same methodology that supplies the AWS and
# Azure grid factors in regions.json.
PREFERRED = {('provider', 'google', 'CCF'), ('provider', 'aws', 'CCF'), ('provider', 'azure', 'CCF'),
             ('provider', 'ovhcloud', 'GA_PUE'), ('provider', 'oracle', 'GA_PUE')}
pue = []
for r in rows('pue/pue.csv'):
    scope = {'reported_in_paper': 'reported'}.get(r['scope'], r['scope'])
    prov = {'google': 'gcp'}.get(r['provider'], r['provider'])
    if scope == 'industry':
        prov = 'unknown'
    name, year = PUE_SOURCE[r['source_id']]
    if r['source_id'] == 'GA_PUE' and 'Uptime' in r['basis']:
        name, year = 'Uptime Institute Global Data Center Survey 2024', 2024
    if r['source_id'] == 'PATT21' and scope == 'industry':
        name, year = 'Patterson et al. 2021 (US average 2020)', 2020
    m = re.search(r'(19|20)\d\d', r['region_or_site'])
    if scope == 'reported' and m:
        year = int(m.group(0))
    e = OrderedDict()
    e['provider'] = prov
    e['pue'] = num(r['pue'])
    e['scope'] = scope
    if scope in ('region', 'reported') or (scope == 'industry'):
        e['site'] = r['region_or_site']
    e['basis'] = r['basis']
    if (r['scope'], r['provider'], r['source_id']) in PREFERRED:
        e['preferred'] = True
    if scope == 'industry' and name.startswith('Uptime Institute'):
        e['preferred'] = True
    e['source'] = name
    e['year'] = year
    e['verification'] = r['verification']
    pue.append(e)
    if e.get('preferred') and prov == 'unknown':
        # Self-run machine rooms: no better figure than the industry survey average.
        onprem = OrderedDict(e)
        onprem['provider'] = 'on-prem'
        pue.append(onprem)
dump('pue.json', pue)

# ---------------------------------------------------------------- equivalences
EQ_SOURCE = {
    'CC_VIZ': 'CodeCarbon (EPA equivalencies)', 'GA_REF': 'Green Algorithms v3.0 reference values',
    'CC_WEB': 'CodeCarbon web app constants', 'EPA_VEH': 'US EPA', 'CCF_CLIENT': 'Cloud Carbon Footprint (EPA equivalencies)',
    'STRUB19': 'Strubell et al. 2019', 'PATT21': 'Patterson et al. 2021',
}
LB = 0.45359237
# csv id -> (our id, label template, unit, kg per unit or None to convert the csv value)
EQ_MAP = OrderedDict([
    ('car_lifetime_incl_fuel', ('car_lifetime', '{n} lifetimes of an average US car, fuel included', 'car lifetime',
                                round(126000 * LB, 1))),
    ('flight_sf_ny_pax_rt_patterson', ('flight_sf_ny', '{n} round trips San Francisco–New York for one passenger',
                                       'passenger round trip', None)),
    ('flight_sf_ny_pax_rt_strubell', ('flight_sf_ny_strubell', '{n} round trips New York–San Francisco for one passenger (Strubell)',
                                      'passenger round trip', round(1984 * LB, 1))),
    ('flight_sf_ny_plane_rt', ('flight_sf_ny_plane', '{n} round trips San Francisco–New York of a whole passenger jet',
                               'plane round trip', None)),
    ('flight_ny_sf_ga', ('flight_ny_sf_ga', '{n} flights New York–San Francisco for one passenger', 'passenger flight', None)),
    ('flight_nyc_london_oneway', ('flight_nyc_london', '{n} one-way flights New York–London for one passenger',
                                  'passenger flight', None)),
    ('flight_economy_km', ('km_flight', '{n} passenger-km by economy flight', 'passenger-km', None)),
    ('train_km', ('km_train', '{n} passenger-km by train', 'passenger-km', None)),
    ('us_citizen_year_iea', ('person_year_us', '{n} years of a US resident’s energy-related CO₂', 'person-year', None)),
    ('american_year_avg', ('person_year_us_strubell', '{n} years of an average American’s footprint (Strubell)',
                           'person-year', round(36156 * LB, 1))),
    ('human_year_avg', ('person_year_world', '{n} years of an average person’s footprint', 'person-year',
                        round(11023 * LB, 1))),
    ('car_km_us', ('km_car', '{n} km in an average US passenger car', 'km', None)),
    ('car_km_eu', ('km_car_eu', '{n} km in an average European passenger car', 'km', None)),
    ('car_km_eu_new_2023', ('km_car_eu_new', '{n} km in a new petrol car sold in Europe (2023)', 'km', None)),
    ('car_mile_us_epa', ('mile_car', '{n} miles in an average US passenger car', 'mile', None)),
    ('gasoline_gallon', ('gasoline_gallon', '{n} US gallons of petrol burned', 'gallon', None)),
    ('passenger_vehicle_year', ('car_year', '{n} years of driving a typical US passenger car', 'vehicle-year', None)),
    ('us_home_electricity_year', ('home_year_electricity', '{n} years of an average US home’s electricity',
                                  'home-year', None)),
    ('us_home_energy_year', ('home_year_energy', '{n} years of an average US home’s total energy use', 'home-year', None)),
    ('smartphone_charge', ('smartphone_charge', '{n} full smartphone charges', 'charge', None)),
    ('tree_seedling_10yr', ('tree_seedling_10yr', '{n} tree seedlings grown for 10 years (CO₂ absorbed)', 'tree', None)),
    ('tree_year', ('tree_year', '{n} tree-years of CO₂ absorption', 'tree-year', None)),
    ('tv_hour', ('tv_hour', '{n} hours of a 32-inch LCD TV', 'hour', None)),
    ('netflix_hour', ('streaming_hour', '{n} hours of video streaming', 'hour', None)),
])
UNIT_TO_KG = {'tCO2e': 1000, 'tCO2': 1000, 'tCO2e/vehicle/year': 1000, 'tCO2/home/year': 1000, 'kgCO2e/mile': 1,
              'kgCO2/km': 1, 'kgCO2e/km': 1, 'kgCO2/gallon': 1, 'kgCO2/charge': 1, 'kgCO2 per tree': 1,
              'kgCO2/tree/year': 1, 'kgCO2/h': 1, 'kgCO2e/h': 1}
equivalences = []
eq_rows = {r['id']: r for r in rows('equivalences/equivalences.csv')}
assert set(eq_rows) == set(EQ_MAP), set(eq_rows) ^ set(EQ_MAP)
for cid, (oid, label, unit, kg) in EQ_MAP.items():
    r = eq_rows[cid]
    if kg is None:
        kg = round(float(r['value']) * UNIT_TO_KG[r['unit']], 6)
    e = OrderedDict()
    e['id'] = oid
    e['label'] = label
    e['kgPerUnit'] = kg
    e['unit'] = unit
    e['basis'] = r['basis_source']
    e['source'] = EQ_SOURCE[r['source_id']]
    e['year'] = first_year(r['source_year'], 2023)
    e['verification'] = r['verification']
    equivalences.append(e)
dump('equivalences.json', equivalences)

# ---------------------------------------------------------------- embodied
E = emb_rows
embodied = OrderedDict()
embodied['lifetimeYears'] = num(E['ccf_server_lifespan']['value'])
embodied['lifetimeSource'] = 'Cloud Carbon Footprint (server expected lifespan 35,040 h)'
embodied['lifetimeYear'] = 2024
embodied['method'] = ('Whole-device life-cycle figures (BLOOM paper for A100, NVIDIA HGX H100 product carbon '
                      'footprint for H100) attached to devices; LLMCarbon die-area (CPA) values kept for reference '
                      'only because they cover the die alone. All amortised over one lifetime.')
embodied['defaultDevice'] = OrderedDict([
    ('kgPerDevice', num(E['bloom_gpu_a100']['value'])),
    ('basis', 'Per-GPU estimate for an A100 80GB used in the BLOOM footprint study, applied to devices '
              'without their own figure'),
    ('source', 'Luccioni et al. 2022 (BLOOM)'), ('year', 2022), ('verification', E['bloom_gpu_a100']['verification'])])
embodied['devices'] = [
    OrderedDict([('accelerator', 'nvidia-a100-sxm4-80gb'), ('kgPerDevice', num(E['bloom_gpu_a100']['value'])),
                 ('scope', 'per GPU'), ('method', 'per-device LCA estimate'),
                 ('source', 'Luccioni et al. 2022 (BLOOM)'), ('year', 2022),
                 ('verification', E['bloom_gpu_a100']['verification'])]),
    OrderedDict([('accelerator', 'nvidia-h100-sxm5-80gb'), ('kgPerDevice', num(E['nvidia_h100_pcf']['value'])),
                 ('scope', 'per GPU'), ('method', 'product carbon footprint (LCA)'),
                 ('source', 'NVIDIA HGX H100 PCF via EcoLogits'), ('year', 2025), ('sourceLifetimeYears', 3),
                 ('verification', E['nvidia_h100_pcf']['verification'])]),
]
embodied['hostServer'] = OrderedDict([
    ('kgPerServer', num(E['ecologits_p5_server_wo_gpu']['value'])), ('devicesPerServer', 8),
    ('basis', 'AWS p5.48xlarge server excluding its 8 GPUs (BoaviztAPI estimate)'),
    ('source', 'BoaviztAPI via EcoLogits'), ('year', 2025), ('sourceLifetimeYears', 3),
    ('verification', E['ecologits_p5_server_wo_gpu']['verification'])])
embodied['alternatives'] = [
    OrderedDict([('id', 'bloom_server_wo_gpu'), ('kgPerServer', num(E['bloom_server_wo_gpu']['value'])),
                 ('basis', 'HPE Apollo 6500 Gen10 Plus server excluding GPUs'),
                 ('source', 'Luccioni et al. 2022 (BLOOM)'), ('year', 2022),
                 ('verification', E['bloom_server_wo_gpu']['verification'])]),
]
cpa = []
for cid, acc in [('llmcarbon_tpuv3_die', 'google-tpu-v3'), ('llmcarbon_tpuv4_die', 'google-tpu-v4'),
                 ('llmcarbon_v100_die', 'nvidia-v100-sxm2-16gb'), ('llmcarbon_h100_die', 'nvidia-h100-sxm5-80gb'),
                 ('llmcarbon_cpu_die', None), ('llmcarbon_dram', None), ('llmcarbon_ssd', None)]:
    r = E[cid]
    c = OrderedDict([('id', cid), ('item', r['item'])])
    if acc:
        c['accelerator'] = acc
    c['kg'] = num(r['value'])
    c['unit'] = r['unit']
    c['method'] = r['method']
    c['source'] = 'LLMCarbon (Faiz et al., ICLR 2024)'
    c['year'] = 2024
    c['sourceLifetimeYears'] = num(r['lifetime_years_assumed'])
    c['verification'] = r['verification']
    cpa.append(c)
embodied['cpaDie'] = cpa
dump('embodied.json', embodied)

# ---------------------------------------------------------------- models
def model_source(s):
    p = s.split('; arch:')[0]
    p = re.sub(r'^params(/arch)?: ', '', p)
    if p.startswith('recalled'):
        return 'Hugging Face model page (recalled)' if 'HF' in p[:30] else 'recalled (unverified)'
    checks = [
        ('epoch-research', 'Epoch AI, Data on Notable AI Models'),
        ('2302.13971', 'LLaMA paper (Touvron et al. 2023)'),
        ('LLaMA paper', 'LLaMA paper (Touvron et al. 2023)'),
        ('Lingshu', 'same architecture as a derivative checkpoint'),
        ('HF-API', 'Hugging Face API count (third-party listing)'),
        ('release register', 'Hugging Face API count (third-party listing)'),
        ('same shape as', 'same architecture as a catalogued sibling'),
        ('derivative of', 'same architecture as its base model'),
        ('recalled', 'recalled (unverified)'),
        ('genai-impact/ecologits', 'EcoLogits model data'),
        ('meta-llama/', 'Meta Llama model card'),
        ('deepseek-ai/DeepSeek', 'DeepSeek README'),
        ('ibm-granite', 'IBM Granite 3.0 paper'),
        ('openai/whisper', 'OpenAI Whisper README'),
        ('openai/gpt-2', 'OpenAI GPT-2 README'),
        ('google-research/bert', 'Google BERT README'),
        ('text-to-text-transfer-transformer', 'Google T5 README'),
        ('mlfoundations/open_clip', 'OpenCLIP model profile'),
        ('EleutherAI/pythia', 'EleutherAI Pythia README'),
        ('Pythia card', 'EleutherAI Pythia model card'),
        ('kingoflolz/mesh-transformer-jax', 'GPT-J README'),
        ('jzhang38/TinyLlama', 'TinyLlama README'),
        ('microsoft/DeBERTa', 'Microsoft DeBERTa README'),
        ('CompVis/stable-diffusion', 'Stable Diffusion README'),
        ('Qwen3_Technical_Report', 'Qwen3 technical report'),
        ('arXiv', 'paper'),
        ('huggingface.co', 'Hugging Face model card'),
        ('HF count', 'Hugging Face model page'),
        ('safetensors', 'Hugging Face model page'),
        ('card', 'Hugging Face model card'),
        ('geometry', 'same architecture as a catalogued sibling'),
        ('same weights shape', 'same architecture as a catalogued sibling'),
        ('fine-tune of', 'same architecture as its base model'),
        ('as OLMo', 'same architecture as a catalogued sibling'),
    ]
    best = None
    for key, name in checks:
        i = p.find(key)
        if i >= 0 and (best is None or i < best[0]):
            best = (i, name)
    if best is None:
        if re.search(r'T5|Flan', p):
            return 'Google T5 README'
        if 'blog' in p or 'report' in p:
            return 'developer announcement'
        return 'curated reference (see SOURCES.md)'
    name = best[1]
    if p.startswith('recalled') and 'recalled' not in name:
        name += ' (recalled)'
    return name


models = []
for r in rows('models/models.csv'):
    m = OrderedDict()
    m['id'] = r['id']
    m['aliases'] = [a for a in r['aliases'].split('|') if a]
    m['family'] = r['family']
    m['params'] = round(float(r['params_b_total']) * 1e9)
    if r['params_b_active']:
        m['activeParams'] = round(float(r['params_b_active']) * 1e9)
    m['architecture'] = r['architecture']
    for col, key in [('layers', 'layers'), ('hidden_size', 'hiddenSize'), ('vocab_size', 'vocabSize'),
                     ('context_length', 'contextLength')]:
        v = r[col].strip()
        if v and re.fullmatch(r'\d+', v):
            m[key] = int(v)
        elif v:
            m[key + 'Note'] = v
    m['source'] = model_source(r['source'])
    m['year'] = int(r['release_year'])
    m['verification'] = r['verification']
    models.append(m)
dump('models.json', models)

for p in problems:
    print('NOTE', p)
print('accelerators', len(accelerators), 'instances', len(instances),
      'mapped', sum(1 for i in instances if i['accelerator']), 'regions', len(regions), 'countries', len(countries),
      'pue', len(pue), 'equivalences', len(equivalences), 'models', len(models))
