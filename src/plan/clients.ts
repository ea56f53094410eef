/**
 * User agents and TLS details per client style, shaped after real CloudTrail values
 * (reference section 6.1). The era (year of the scenario start) chooses between old and
 * current formats; versions are drawn once per actor at compile time, never per record.
 */
import type { Rng } from '../random/rng.js';
import type { ClientStyle } from '../scenario/types.js';

export interface ClientProfile {
  /** User agent for an operation's CLI name (only CLI v2 varies by operation). */
  userAgent(cliOperation: string): string;
  /** JSON fragment `{"tlsVersion":...,"cipherSuite":...,` without the host header, or null (console). */
  tls: { version: string; cipher: string } | null;
  /** Calls go through the console's proxy (sessionCredentialFromConsole, no tlsDetails). */
  console: boolean;
}

const KERNELS = ['5.10.228-219.884.amzn2.x86_64', '6.1.119-129.201.amzn2023.x86_64', '6.8.0-1021-aws', '5.15.0-1071-aws', '6.5.0-44-generic', '6.10.14-linuxkit'];

export function clientProfile(style: ClientStyle, year: number, rng: Rng): ClientProfile {
  const kernel = rng.pick(KERNELS);
  const n = (a: number, b: number): number => rng.range(a, b);
  const modern = year >= 2024;
  const tls13 = { version: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256' };
  switch (style) {
    case 'aws-cli-v2': {
      if (modern) {
        const v = `2.${n(15, 27)}.${n(0, 40)}`;
        const crt = `0.${n(20, 23)}.${n(0, 12)}`;
        const py = `3.12.${n(3, 9)}`;
        const distrib = rng.pick(['ubuntu.24', 'amzn.2023', 'debian.12']);
        return fixed((op) => `aws-cli/${v} md/awscrt#${crt} ua/2.0 os/linux#${kernel} md/arch#x86_64 lang/python#${py} md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#${distrib} md/prompt#off md/command#glacier.${op}`, tls13);
      }
      const v = year >= 2021 ? `2.${n(2, 13)}.${n(0, 30)}` : `2.0.${n(10, 60)}`;
      const py = year >= 2021 ? `3.11.${n(2, 6)}` : `3.7.${n(3, 9)}`;
      return fixed((op) => `aws-cli/${v} Python/${py} Linux/${kernel} exe/x86_64.amzn.2 prompt/off command/glacier.${op}`, tls13);
    }
    case 'aws-cli-v1': {
      if (modern) {
        const bc = `1.${n(34, 43)}.${n(1, 40)}`;
        const v = `1.${n(32, 45)}.${n(1, 40)}`;
        return fixed(() => `aws-cli/${v} md/Botocore#${bc} ua/2.1 os/linux#${kernel} md/arch#x86_64 lang/python#3.11.${n(4, 9)} md/pyimpl#CPython cfg/retry-mode#legacy botocore/${bc}`, tls13);
      }
      const minor = Math.max(16, Math.min(29, year - 2000));
      const v = `1.${minor}.${n(10, 300)}`;
      return fixed(() => `aws-cli/${v} Python/3.${n(6, 9)}.${n(1, 12)} Linux/${kernel} botocore/1.${minor + 4}.${n(10, 200)}`, tls13);
    }
    case 'boto3': {
      const minor = Math.max(9, Math.min(40, (year - 2019) * 6 + 9));
      const patch = n(0, 80);
      const v = `1.${minor}.${patch}`;
      // boto3 and botocore share minor and patch since 1.29 (2022); before that botocore ran 3 minors ahead.
      const bc = minor >= 29 ? `1.${minor}.${patch}` : `1.${minor + 3}.${n(0, 80)}`;
      if (modern) {
        return fixed(() => `Boto3/${v} md/Botocore#${bc} ua/2.0 os/linux#${kernel} md/arch#x86_64 lang/python#3.11.${n(4, 9)} md/pyimpl#CPython cfg/retry-mode#legacy Botocore/${bc}`, tls13);
      }
      return fixed(() => `Boto3/${v} Python/3.${n(7, 10)}.${n(1, 14)} Linux/${kernel} Botocore/${bc}`, tls13);
    }
    case 'sdk-java-v1': {
      if (year < 2017) return fixed(() => `aws-sdk-java/1.${n(9, 11)}.${n(6, 200)} Linux/${kernel} Java_HotSpot(TM)_64-Bit_Server_VM/25.${n(25, 181)}-b${n(1, 15)}/1.8.0_${n(25, 181)}`, { version: 'TLSv1.2', cipher: 'ECDHE-RSA-AES128-GCM-SHA256' });
      const u = n(292, 432);
      return fixed(() => `aws-sdk-java/1.12.${n(100, 780)} Linux/${kernel} OpenJDK_64-Bit_Server_VM/25.${u}-b${n(6, 9)} java/1.8.0_${u} vendor/Amazon.com_Inc. cfg/retry-mode/legacy`, { version: 'TLSv1.2', cipher: 'ECDHE-RSA-AES128-GCM-SHA256' });
    }
    case 'sdk-java-v2': {
      const j = `17.0.${n(8, 13)}`;
      return fixed(() => `aws-sdk-java/2.${Math.max(15, Math.min(31, year - 2000))}.${n(1, 60)} Linux/${kernel} OpenJDK_64-Bit_Server_VM/${j}+${n(7, 11)}-LTS Java/${j} vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/legacy`, tls13);
    }
    case 'sdk-js-v3': {
      const v = `3.${Math.max(100, Math.min(900, (year - 2021) * 200 + n(0, 150)))}.0`;
      return fixed(() => `aws-sdk-js/${v} ua/2.1 os/linux#${kernel} lang/js md/nodejs#20.${n(10, 19)}.${n(0, 5)} api/glacier#${v} m/E`, tls13);
    }
    case 'sdk-go-v2': {
      const core = `1.${n(24, 36)}.${n(0, 9)}`;
      return fixed(() => `aws-sdk-go-v2/${core} os/linux lang/go#1.${n(21, 23)}.${n(1, 9)} md/GOOS#linux md/GOARCH#amd64 api/glacier#1.${n(20, 27)}.${n(0, 9)}`, tls13);
    }
    case 'terraform': {
      const core = `1.${n(24, 36)}.${n(0, 9)}`;
      return fixed(() => `APN/1.0 HashiCorp/1.0 Terraform/1.${n(5, 10)}.${n(0, 6)} (+https://www.terraform.io) terraform-provider-aws/5.${n(30, 90)}.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/${core} ua/2.1 os/linux lang/go#1.${n(21, 23)}.${n(1, 9)} md/GOOS#linux md/GOARCH#amd64 api/glacier#1.${n(20, 27)}.${n(0, 9)} m/E`, tls13);
    }
    case 'python-requests':
      return fixed(() => `python-requests/2.${n(28, 32)}.${n(0, 3)}`, { version: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' });
    case 'console': {
      const chrome = Math.max(60, Math.min(142, (year - 2018) * 9 + 64 + n(0, 4)));
      const ua = rng.pick([
        `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${chrome}.0.0.0 Safari/537.36`,
        `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${chrome}.0.0.0 Safari/537.36`,
        `Mozilla/5.0 (X11; Linux x86_64; rv:${chrome - 8}.0) Gecko/20100101 Firefox/${chrome - 8}.0`,
      ]);
      return { userAgent: () => ua, tls: null, console: true };
    }
  }
}

function fixed(make: (op: string) => string, tls: { version: string; cipher: string }): ClientProfile {
  // Each actor keeps one client version, so the random parts are drawn once: memoise per op.
  const cache = new Map<string, string>();
  const first = make('list-vaults');
  const perOp = first.includes('glacier.list-vaults');
  return {
    userAgent: (op) => {
      if (!perOp) return first;
      let ua = cache.get(op);
      if (ua === undefined) cache.set(op, (ua = first.replace('glacier.list-vaults', `glacier.${op}`)));
      return ua;
    },
    tls,
    console: false,
  };
}
