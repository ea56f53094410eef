/**
 * Regions where Glacier is offered (reference: glacier-operations.json `regions`), with a
 * typical UTC offset for the default daily rhythm and a few EC2 public-address blocks per
 * region for actors running inside AWS. The blocks are representative of the published
 * ip-ranges.json families per region; they only need to look right, not be exhaustive.
 */
export interface RegionInfo {
  utcOffset: number;
  ec2Cidrs: string[];
}

export const REGIONS: Record<string, RegionInfo> = {
  'af-south-1': { utcOffset: 2, ec2Cidrs: ['13.244.0.0/15', '13.245.0.0/16'] },
  'ap-east-1': { utcOffset: 8, ec2Cidrs: ['18.162.0.0/16', '16.162.0.0/15'] },
  'ap-northeast-1': { utcOffset: 9, ec2Cidrs: ['13.112.0.0/14', '54.248.0.0/15', '52.192.0.0/15'] },
  'ap-northeast-2': { utcOffset: 9, ec2Cidrs: ['13.124.0.0/16', '52.78.0.0/16', '3.34.0.0/15'] },
  'ap-northeast-3': { utcOffset: 9, ec2Cidrs: ['13.208.0.0/16', '15.152.0.0/16'] },
  'ap-south-1': { utcOffset: 5.5, ec2Cidrs: ['13.232.0.0/14', '3.6.0.0/15', '65.0.0.0/14'] },
  'ap-southeast-1': { utcOffset: 8, ec2Cidrs: ['13.228.0.0/15', '54.169.0.0/16', '18.136.0.0/16'] },
  'ap-southeast-2': { utcOffset: 10, ec2Cidrs: ['13.236.0.0/14', '54.252.0.0/16', '3.24.0.0/14'] },
  'ap-southeast-3': { utcOffset: 7, ec2Cidrs: ['108.136.0.0/16', '43.218.0.0/16'] },
  'ca-central-1': { utcOffset: -5, ec2Cidrs: ['35.182.0.0/15', '52.60.0.0/16', '15.222.0.0/15'] },
  'eu-central-1': { utcOffset: 1, ec2Cidrs: ['3.120.0.0/14', '18.184.0.0/15', '52.57.0.0/16'] },
  'eu-north-1': { utcOffset: 1, ec2Cidrs: ['13.48.0.0/15', '13.53.0.0/16', '16.16.0.0/16'] },
  'eu-south-1': { utcOffset: 1, ec2Cidrs: ['15.160.0.0/16', '15.161.0.0/16'] },
  'eu-west-1': { utcOffset: 0, ec2Cidrs: ['34.240.0.0/13', '52.208.0.0/13', '54.72.0.0/15'] },
  'eu-west-2': { utcOffset: 0, ec2Cidrs: ['18.130.0.0/16', '35.176.0.0/15', '3.8.0.0/14'] },
  'eu-west-3': { utcOffset: 1, ec2Cidrs: ['15.236.0.0/15', '35.180.0.0/16', '13.36.0.0/14'] },
  'me-south-1': { utcOffset: 3, ec2Cidrs: ['15.184.0.0/16', '157.175.0.0/16'] },
  'sa-east-1': { utcOffset: -3, ec2Cidrs: ['18.228.0.0/16', '54.232.0.0/16', '177.71.128.0/17'] },
  'us-east-1': { utcOffset: -5, ec2Cidrs: ['3.80.0.0/12', '54.144.0.0/12', '34.192.0.0/12', '52.0.0.0/15'] },
  'us-east-2': { utcOffset: -5, ec2Cidrs: ['3.12.0.0/14', '18.216.0.0/14', '52.14.0.0/16'] },
  'us-west-1': { utcOffset: -8, ec2Cidrs: ['13.52.0.0/15', '54.176.0.0/15', '52.52.0.0/15'] },
  'us-west-2': { utcOffset: -8, ec2Cidrs: ['35.160.0.0/13', '54.68.0.0/14', '44.224.0.0/11'] },
  'cn-north-1': { utcOffset: 8, ec2Cidrs: ['54.222.0.0/15', '52.80.0.0/15'] },
  'cn-northwest-1': { utcOffset: 8, ec2Cidrs: ['52.82.0.0/15', '161.189.0.0/16'] },
  'us-gov-east-1': { utcOffset: -5, ec2Cidrs: ['18.252.0.0/15', '18.254.0.0/16'] },
  'us-gov-west-1': { utcOffset: -8, ec2Cidrs: ['52.222.0.0/17', '15.200.0.0/16'] },
};

export function isKnownRegion(region: string): boolean {
  return Object.prototype.hasOwnProperty.call(REGIONS, region);
}

/** ARN partition of a region. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
