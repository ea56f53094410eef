# Regenerates src/plan/releases/*.ts from git snapshots of the release repositories (paths below)
# and hand-transcribed CHANGELOG windows (scripts/release-tables-*.txt). Run from the repo root;
# `--txt-only` regenerates only the tables transcribed into scripts/release-tables-*.txt (no git
# snapshots needed); `--only terraform` (a comma-separated list of table names) regenerates just
# those, needing only their own snapshots.
import subprocess, re, json, datetime, sys
TXT_ONLY = '--txt-only' in sys.argv
ONLY = set(sys.argv[sys.argv.index('--only') + 1].split(',')) if '--only' in sys.argv else set()
def git_table(name):
    # whether a table built from git snapshots is regenerated in this run
    return not TXT_ONLY and (not ONLY or name in ONLY)
def tags(repo, pat):
    out = subprocess.run(['git','-C',repo,'for-each-ref','refs/tags','--format=%(refname:short) %(creatordate:short)'],capture_output=True,text=True).stdout
    rows=[]
    for line in out.splitlines():
        t,d=line.split()
        if re.fullmatch(pat,t): rows.append((t,d))
    key=lambda r: tuple(int(x) for x in r[0].lstrip('v').split('.'))
    rows.sort(key=key)
    return rows
def show(repo, tag, path):
    r=subprocess.run(['git','-C',repo,'show',f'{tag}:{path}'],capture_output=True,text=True)
    return r.stdout if r.returncode==0 else ''
BC='/work/.mirror/boto+botocore/repo'; B3='/work/.mirror/boto+boto3/repo'; CLI='/work/.mirror/aws+aws-cli/repo'
FROM='2014-01-01'
def thin(rows, days=7):
    # keep the last release of each run of `days` days (ISO week), so tables stay small
    out={}
    for r in rows:
        d=datetime.date.fromisoformat(r[1]); wk=d.isocalendar()[:2]
        out[wk]=r  # rows sorted by version, which is date order for a family
    return sorted(out.values(), key=lambda r:(r[1], r[0]))
botocore=[] if not (git_table('boto3') or git_table('aws-cli-v1')) else [r for r in tags(BC, r'1\.\d+\.\d+') if r[1]>=FROM]
# dates must be monotone with version; drop backports out of order
def monotone(rows):
    out=[];last=''
    for r in rows:
        if r[1]>=last: out.append(r); last=r[1]
    return out
botocore=monotone(botocore)
boto3=[]
for t,d in ([] if not git_table('boto3') else monotone([r for r in tags(B3, r'1\.\d+\.\d+') if r[1]>=FROM])):
    txt=show(B3,t,'setup.cfg')+show(B3,t,'setup.py')
    m=re.search(r"botocore[>=]=+\s*(1\.\d+)\.(\d+)\s*,\s*<",txt)
    if not m: continue
    lo=(m.group(1), int(m.group(2)))
    # the botocore the same day's release paired with: newest in range released on or before d
    cands=[b for b in botocore if b[0].rsplit('.',1)[0]==lo[0] and int(b[0].rsplit('.',1)[1])>=lo[1] and b[1]<=d]
    if not cands: continue
    boto3.append((t,d,cands[-1][0]))
cli1=[]
for t,d in ([] if not git_table('aws-cli-v1') else monotone([r for r in tags(CLI, r'1\.\d+\.\d+') if r[1]>=FROM])):
    txt=show(CLI,t,'setup.cfg')+show(CLI,t,'setup.py')
    m=re.search(r"botocore==(1\.\d+\.\d+)",txt)
    if m: cli1.append((t,d,m.group(1)))
cli2=[]
for t,d in ([] if not git_table('aws-cli-v2') else monotone(tags(CLI, r'2\.\d+\.\d+'))):
    txt=show(CLI,t,'pyproject.toml')+show(CLI,t,'setup.cfg')+show(CLI,t,'setup.py')
    # installers bundle the newest awscrt the pin allows: the upper bound of >=a,<=b, or ==a
    m=re.search(r"awscrt(?:==|>=)\s*(0\.\d+\.\d+)(?:\s*,\s*<=\s*(0\.\d+\.\d+))?",txt)
    cli2.append((t,d,(m.group(2) or m.group(1)) if m else ''))
def write_unused(name, rows, source, fields):
    rows=thin(rows)
    json.dump({'source':source,'fields':fields,'releases':[list(r) for r in rows]}, open(f'src/plan/releases/{name}.json','w'), separators=(',',':'))
    print(name,len(rows),rows[0],rows[-1])
#write('boto3', boto3, 'git tags of github.com/boto/boto3 (tag creation date) and the botocore range each tag pins in setup.cfg/setup.py; the botocore is the newest in that range released on or before the tag (github.com/boto/botocore tags). One release per ISO week kept.', ['version','date','botocore'])
#write('aws-cli-v1', cli1, 'git tags 1.x.y of github.com/aws/aws-cli (tag creation date) and the botocore==pin of each tag\'s setup.cfg/setup.py. One release per ISO week kept.', ['version','date','botocore'])
#write('aws-cli-v2', cli2, 'git tags 2.x.y of github.com/aws/aws-cli (v2 branch; tag creation date) and the awscrt its pyproject.toml/setup.cfg pins (upper bound of a range; empty before awscrt was a dependency). One release per ISO week kept.', ['version','date','awscrt'])

REQ='/work/.mirror/psf+requests/repo'; TF='/work/.mirror/hashicorp+terraform/repo'
def vtags(repo, pat):
    rows=[(t.lstrip('v'),d) for t,d in tags(repo, pat)]
    return monotone(rows)
requests=[] if not git_table('python-requests') else [r for r in vtags(REQ, r'v?2\.\d+\.\d+') if r[1]>='2014-01-01']
terraform=[] if not git_table('terraform') else [r for r in vtags(TF, r'v(0\.1[1-5]|1\.\d+)\.\d+')]
# monotone() over the tags kept no 0.12-0.14 release (a late patch of an old line, dated after
# them, came first in version order); their CHANGELOG headers fill the gap, then the 0.12-0.15
# tags themselves (0.12.8-0.12.29 are in no stored CHANGELOG copy; a header's date wins where
# both exist), and a release of an older line after a newer line's first release (0.13.6 after
# 0.14.0) is left out as a backport
tf_sup=[l.split() for l in open('scripts/release-tables-terraform-0.12-0.15.txt').read().split('\n') if l.strip()]
tf_lines=[] if not git_table('terraform') else [(t.lstrip('v'),d) for t,d in tags(TF, r'v0\.1[2-5]\.\d+')]
def drop_line_backports(rows):
    key=lambda v: tuple(int(x) for x in v.split('.'))
    seen={};out=[];top=(0,0)
    for r in rows: seen.setdefault(r[0], tuple(r))
    for r in sorted(seen.values(), key=lambda r:(r[1], key(r[0]))):
        if key(r[0])[:2]>=top: out.append(r); top=key(r[0])[:2]
    return out
terraform=[] if not git_table('terraform') else drop_line_backports(terraform+tf_sup+tf_lines)
js=[l.split() for l in open('scripts/release-tables-js-v3.txt').read().split('\n') if l.strip()]
go=[l.split() for l in open('scripts/release-tables-go-glacier.txt').read().split('\n') if l.strip()]
java2=[l.split() for l in open('scripts/release-tables-java-v2.txt').read().split('\n') if l.strip()]
java1=[l.split() for l in open('scripts/release-tables-java-v1.txt').read().split('\n') if l.strip()]
gocore=[l.split() for l in open('scripts/release-tables-go-core.txt').read().split('\n') if l.strip()]
gosts=[l.split() for l in open('scripts/release-tables-go-sts.txt').read().split('\n') if l.strip()]
def drop_backports(rows):
    # date order; a release of an older major after a newer major's first release is a backport
    # (3.74.2-3.75.2 after 4.0.0): people on the old major keep it, but a pick by date would
    # otherwise prefer it over the newer major, so such rows are left out
    out=[];top=0
    for r in sorted(rows, key=lambda r:(r[1], tuple(int(x) for x in r[0].split('.')))):
        major=int(r[0].split('.')[0])
        if major>=top: out.append(r); top=major
    return out
tfaws=drop_backports([l.split() for l in open('scripts/release-tables-terraform-provider-aws.txt').read().split('\n') if l.strip()])
def ts(name, const, rows, source, fields):
    body=',\n'.join('  '+json.dumps(list(r)) for r in rows)
    open(f'src/plan/releases/{name}.ts','w').write(
f"""/**
 * {source}
 * Rows: {', '.join(fields)} (dates UTC, YYYY-MM-DD). Generated from that source; edit by regenerating.
 */
export const {const}: ReadonlyArray<readonly [{', '.join('string' for _ in fields)}]> = [
{body},
];
""")
    print(name, len(rows))
src_js=('@aws-sdk/client-glacier releases with dates from clients/client-glacier/CHANGELOG.md of github.com/aws/aws-sdk-js-v3 (read in full from 3.0.0 2020-12-15 to 3.845.0 2025-07-15: to 3.504.0 at commit 004b7f81ea65140bdd2202ce953befe85d25d733, the rest at 8a3703994063baf0e3e1a54090e2b6bf78af76f7, aws/aws-sdk-js-v3\'s newest stored copy); '
  '3.846.0 2025-07-16 to 3.1020.0 2026-03-30 from the same file in forks of it, read in full over that range: 3.846.0-3.896.0 at github.com/Zezo-Ai/aws-sdk-js-v3 commit b9454ef5b93edd872a12f348f27992da0de320be (headed 3.987.0 2026-02-10; its copy at 179b42c8ac7d975e9599103171e3b026a0177550, headed 3.982.0, agrees), '
  '3.899.0-3.1020.0 at github.com/eduardomourar/aws-sdk-js-v3 commit 15cfc71196c1aa0437c2646ce5042173ed281142 (headed 3.1020.0 2026-03-30; identical to the Zezo-Ai copy where both go). '
  'npm `time` was not usable here: the registry mirror lists 14 versions with re-publication dates (3.33.0 in 2024-12).')
src_go=('github.com/aws/aws-sdk-go-v2/service/glacier module releases (every version, 1.3.0 2021-05-14 to 1.34.0 2026-07-06) with dates from the release headers of service/glacier/CHANGELOG.md: to 1.15.5 2023-08-21 from github.com/aws/aws-sdk-go-v2 at commit 68e2aad2ad5ed9d54a75d6c019f76271135d42c9 (its newest stored copy); 1.15.6 2023-09-14 to 1.34.0 2026-07-06 from the same file in the fork github.com/lonecalvary78/aws-sdk-go-v2 at commit fc087ca9c93f355ac25ad7d78cd1f60170424e0c (read in full back to 1.14.14; no version number skipped), its headers identical to the fork github.com/ali-security/aws-sdk-go-v2-1241 at commit 9bc9c51d733fd437a60a8710531477ca0347dcc4 (ends 1.32.7 2026-04-17), and 1.33.0 2026-06-01 as in the root CHANGELOG.md of github.com/aws/aws-sdk-go-v2 at commit 0016334f314179e3bb1d63ac7a5dbcb2ee7b3ee1. Same-day re-releases (headers 2023-11-28.2, 2024-07-10.2, 2025-03-04.2, 2025-11-19.2) carry the plain date.')
src_java2=('AWS SDK for Java v2 releases 2.1.0 2018-11-19 (GA; 2.0.0-preview-N left out) to 2.52.1 2026-08-12 (one version for the whole SDK, Glacier and STS included) '
  'with dates from the release headers of changelogs/2.N.x-CHANGELOG.md of github.com/aws/aws-sdk-java-v2 (905 releases; per minor, the file and commit and whether it was read in full or '
  'sampled at pages <= 120k characters apart are in scripts/release-tables-java-v2-sources.txt): minors 2.1-2.4, 2.6-2.9, 2.11, 2.12, 2.14, 2.22-2.24, 2.27, 2.33-2.40, 2.43-2.45 and 2.47-2.52 in full, '
  'the others sampled; 2.29-2.31, 2.38, 2.48 and 2.50 have no stored per-minor file and come from stored root CHANGELOG.md copies of their time. One release per ISO week kept.')
src_tfaws=('Terraform AWS provider (github.com/hashicorp/terraform-provider-aws) releases with dates from the release headers of stored CHANGELOG.md copies: '
  '3.0.0 2020-07-31 to 4.23.0 2022-07-22 from a copy headed 4.24.0 (Unreleased) (fork stratusjerry/terraform-provider-aws, read in full); '
  '4.25.0 to 4.53.0 2023-02-03 from hashicorp/terraform-provider-aws CHANGELOG.md headed 4.54.0 (Unreleased) (4.24.0 not read); '
  '5.0.0 2023-05-25 to 5.82.2 2024-12-20 from a copy headed 5.83.0 (Unreleased); 6.0.0 2025-06-18 to 6.27.0 2025-12-17 from a copy headed 6.28.0 (Unreleased); '
  '6.32.0-6.64.0 (2026-02-11 to 2026-09-09) sparsely from .changes/6.x/<version>.md, 6.34.0 from the CHANGELOG anchor 6340-february-25-2026 cited in 6.44.0.md. '
  'No stored copy has 4.54-4.67 (2023-02..05) or 5.83-5.100 (2025-01..06); there 4.54.0 2023-02-09 to 4.67.0 2023-05-11 (12 releases) and 5.84.0 2025-01-16 to 5.95.0 2025-04-17 (8) '
  'carry the CHANGELOG.md header dates that the release-note links of Renovate pull requests name (anchors such as 4600-March-24-2023: github.com/dfds/infrastructure-modules '
  'pulls 682-876 and 1751, github.com/walnuts1018/infra pulls 1295-1915; per version in scripts/release-tables-terraform-provider-aws-sources.txt); '
  '4.55.0, 4.57.1, 4.66.x, 5.83.x, 5.86.x, 5.87.0, 5.92.0-5.94.1 and 5.96.0-5.100.0 have no header date found and are left out. '
  'Backports of an older major (3.74.2-3.75.2, after 4.0.0) are left out.')
src_tf=('Terraform CLI releases: git tags v0.11-v1.x of github.com/hashicorp/terraform (tag date), and 0.12.0-0.12.7, 0.13.0-0.13.5, 0.14.0-0.14.6 and 0.15.0 '
  'from the release headers of stored copies of its CHANGELOG.md (the v0.12 branch headed 0.12.8 (Unreleased), v0.13 headed 0.13.7 (Unreleased), '
  'v0.14 headed 0.14.7 (Unreleased), v0.15 headed 0.15.1 (Unreleased)); the other 0.12-0.15 releases (0.12.8-0.12.29, 0.14.7-0.14.10) from their git tags (0.12.x tag dates agree with the headers of CHANGELOG.md at tag v0.12.31, commit ff2f9bef). '
  'Backports of an older line (released after a newer line had begun, e.g. 0.12.30, 0.13.6) are left out. One release per ISO week kept.')
src_java1=('AWS SDK for Java v1 releases 1.11.82 2017-01-20 to 1.12.797 2025-12-29 (the last before end of support, 2025-12-31): to 1.12.778 2024-11-13 with dates from release headers of github.com/aws/aws-sdk-java: '
  '1.11.82-1.11.1034 (2021-06-04) from CHANGELOG-1.11.md (commit 0142948d88d59ff7cc3bb9a05cefddb1ff5bf9ee, read in full: 937 releases; 1.11.278-280, 1.11.379-389, 1.11.843 and 1.11.985 have no entry; '
  'scripts/release-tables-java-v1-1.11-sources.txt), 1.12.1-1.12.778 from CHANGELOG.md (commit 491b1aa0e8157e5e2d872e1403596f2500ecf9fe, read in full: 769 releases, 1.12.0 and 9 skipped numbers absent). '
  '1.12.780-1.12.788 (2024-12-12 to 2025-07-11) from the release headers of a later copy of that CHANGELOG.md, 2022/CVE-2022-31159/CHANGELOG.md of github.com/32BitZ-Studio/Total-POC-CVE (branch main, no commit known; stored only as a page excerpt of raw.githubusercontent.com, headed 1.12.788 2025-07-11 and read down to 1.12.780; it has no 1.12.785, left out like the other numbers without an entry); 1.12.779 and 1.12.789-1.12.797 (2024-11-26, 2025-09-03 to 2025-12-29), in no stored CHANGELOG copy, with their Maven Central dates from the version list of mvnrepository.com/artifact/com.amazonaws/aws-java-sdk-pom (a stored page; where both exist the Maven date is the CHANGELOG date or 1-4 days later, never earlier). '
  '1.11.0-1.11.81 (about 2016-06 to 2017-01; javaV1UserAgent interpolates them between those dates [I]) are in no stored copy. One release per ISO week kept.')
src_gocore=('github.com/aws/aws-sdk-go-v2 core module releases named in the Module Highlights of the root CHANGELOG.md of github.com/aws/aws-sdk-go-v2: '
  'to 2023-03-10 from a stored copy read in full (1.1.0-1.4.0 from its older "`aws` - vX" sections), after it from the copy at commit 0016334f (newest section 2026-06-10), '
  'every page from 2026-06-10 back to 2023-03-10 read (scripts/release-tables-go-core-sources.txt). Only releases the changelog highlights, so the table is real but sparse '
  '(no 1.9.x, 1.12.x, 1.15.x, 1.19.x, 1.29.x, 1.31.x, 1.38.x; at most 130 days between rows), 1.1.0 2021-01-29 to 1.42.0 2026-06-08.')
src_gosts=('github.com/aws/aws-sdk-go-v2/service/sts module releases (every version, 1.4.0 2021-05-14 to 1.41.9 2026-03-13; 183 releases, no version number skipped) with dates from the release headers of service/sts/CHANGELOG.md, '
  'read in full in the copy vendored as vendor/github.com/aws/aws-sdk-go-v2/service/sts/CHANGELOG.md in github.com/moby/moby at commit 0de9109ea0228507de81d592c121fe9a090e68a4 (headed 1.41.9 2026-03-13); '
  'its headers agree with aws/aws-sdk-go-v2\'s own copy at commit 0d643a8f0a8ad09075f41a60acba6a208cb36c58 (headed 1.26.4 2023-12-07) and with the copies vendored by grafana/grafana (f756bfdb, to 1.34.0), cilium/cilium (03290e0c, to 1.28.6), kubernetes/kops (47ed4fc5, to 1.30.0) and moby/moby (fd0f9f30, to 1.41.6). '
  'The module CHANGELOG starts at 1.4.0 (2021-05-14, the Glacier table\'s first date too); 1.0.0-1.3.x are not in it. No stored copy goes past 1.41.9 (later versions exist: go.mod files name 1.41.10 to 1.49.0, undated). '
  'Same-day re-releases (headers 2023-11-28.2, 2024-07-10.2, 2025-03-04.2, 2025-11-19.2) carry the plain date.')
for name,const,rows,source,fields in [
  ('boto3','BOTO3',thin(boto3),'boto3 releases: git tags of github.com/boto/boto3 (tag date), each with the botocore it shipped with: the newest botocore in the range its setup.cfg/setup.py pins, released on or before it (github.com/boto/botocore tags). One release per ISO week kept.',['version','date','botocore']),
  ('aws-cli-v1','AWS_CLI_V1',thin(cli1),'AWS CLI v1 releases: git tags 1.x.y of github.com/aws/aws-cli (tag date), each with the botocore==pin of its setup.cfg/setup.py. One release per ISO week kept.',['version','date','botocore']),
  ('aws-cli-v2','AWS_CLI_V2',thin(cli2),'AWS CLI v2 releases: git tags 2.x.y of github.com/aws/aws-cli (v2 branch; tag date), each with the awscrt its pyproject.toml/setup.cfg pins (the upper bound of a range; empty before awscrt was a dependency). One release per ISO week kept.',['version','date','awscrt']),
  ('python-requests','PYTHON_REQUESTS',requests,'python-requests releases: git tags of github.com/psf/requests (tag date).',['version','date']),
  ('terraform','TERRAFORM',thin(terraform),src_tf,['version','date']),
  ('sdk-js-v3','SDK_JS_V3',js,src_js,['version','date']),
  ('sdk-go-v2-glacier','SDK_GO_V2_GLACIER',go,src_go,['version','date']),
  ('sdk-java-v2','SDK_JAVA_V2',thin(java2),src_java2,['version','date']),
  ('sdk-java-v1','SDK_JAVA_V1',thin(java1),src_java1,['version','date']),
  ('sdk-go-v2-core','SDK_GO_V2_CORE',gocore,src_gocore,['version','date']),
  ('sdk-go-v2-sts','SDK_GO_V2_STS',gosts,src_gosts,['version','date']),
  ('terraform-provider-aws','TERRAFORM_PROVIDER_AWS',tfaws,src_tfaws,['version','date']),
]:
    if (TXT_ONLY or ONLY) and not rows: continue
    if ONLY and name not in ONLY: continue
    ts(name,const,rows,source,fields)
