/** The scenario `trailsmith init` writes: small, valid, and commented so that each key explains itself. */
export function starterScenario(schemaPath: string): string {
  return `# yaml-language-server: $schema=${schemaPath}
# A trailsmith scenario. The line above lets editors with the YAML language server (VS Code's
# YAML extension, Neovim, JetBrains) complete and check every key. Reference: docs/scenarios.md.
# Check it:    npx trailsmith check <this file>
# Generate:    npx trailsmith generate <this file> --out out/

name: my-scenario
seed: 1                          # same seed, same bytes; --seed overrides
start: 2025-03-04T00:00:00Z      # UTC; --start overrides
duration: 1d                     # simulated time: 90m, 6h, 2d, 1w, P1DT6H; --duration overrides

trail:
  name: management-events
  homeRegion: us-east-1
  # bucket: my-cloudtrail-bucket # optional; prefix: optional S3 key prefix

accounts:
  - name: prod
    # id: "111122223333"         # optional: derived from the seed and the name
    regions: [us-east-1]
    vaults:
      - { name: db-backups, archives: 100 }   # archives present at the start
      - count: 2                               # two vaults with generated names

actors:
  # type: IAMUser | AssumedRole | Root | FederatedUser | AWSService
  # client: console | aws-cli-v1 | aws-cli-v2 | boto3 | sdk-java-v1 | sdk-java-v2 | sdk-js-v3 | sdk-go-v2 | terraform | python-requests
  # origin: office | ec2 | home-isp | tor (or { kind, cidr } / { kind, ips: [...] })
  - { name: backup-job, account: prod, type: AssumedRole, role: GlacierBackupRole, client: boto3, origin: ec2 }
  - { name: engineer, account: prod, type: IAMUser, client: aws-cli-v2, origin: office }

activities:
  # rate: average over a week (n/second|minute|hour|day|week); --records N rescales every rate.
  # mix: backup-writer | restore | auditor | admin | lifecycle | everything, or { Operation: weight, ... }
  # rhythm: always | office-hours | nightly | weekdays
  # excludeVaults: [name, ...] keeps an activity away from vaults a script needs untouched.
  - { actor: backup-job, rate: 30/hour, mix: backup-writer, rhythm: nightly }
  - { actor: engineer, rate: 4/hour, mix: auditor, rhythm: office-hours }

# Scripted incidents: woven into the background in time order, never scaled by --records, and
# every record they write is listed in labels.ndjson. Delete this section if you need none.
scripts:
  - name: surprise-delete
    actor: engineer
    at: +15h                     # from the start, or a UTC timestamp
    labels: [unexpected-deletion]
    steps:
      - call: ListVaults
      - call: DeleteArchive
        vault: db-backups
        archive: "*"             # any archive that exists at that moment
        count: 3
        every: 5s
`;
}
