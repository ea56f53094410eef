#!/usr/bin/env python3
"""Runs the AWS CLI's own `aws cloudtrail validate-logs` code over a local bucket-root directory.

Only the I/O is replaced: S3 (GetBucketLocation, ListObjects, GetObject with user metadata read
from the sidecar `<root>.trailsmith/s3-metadata/<key>.json`), CloudTrail (DescribeTrails,
ListPublicKeys from `<root>.trailsmith/public-keys/<fingerprint>.pem`) and Organizations
(DescribeOrganization); see docs/layout.md. Everything
else, from listing digests to checking signatures and log hashes, is the CLI's
`awscli.customizations.cloudtrail.validation` module (aws-cli v1 or the Debian awscli 2.x).

Usage: aws-validate-shim.py <root>   Validates every digest chain found under <root>; prints the
CLI's own output per chain; exit 0 if all valid, 1 if any digest or log is invalid, 3 if the
awscli module is missing.
"""
import argparse
import base64
import io
import json
import os
import re
import sys
import zlib

try:
    from awscli.customizations.cloudtrail import validation
except ImportError as e:  # pragma: no cover
    sys.stderr.write(f'awscli validation module not importable: {e}\n')
    sys.exit(3)
# The exception class the module catches: botocore's, or the copy Debian vendors as awscli.botocore.
ClientError = validation.ClientError

DIGEST_KEY = re.compile(
    r'^(?:(?P<prefix>.*)/)?AWSLogs/(?:(?P<org>o-[a-z0-9]+)/)?(?P<acct>\d{12})/CloudTrail-Digest/(?P<region>[a-z0-9-]+)/'
    r'\d{4}/\d{2}/\d{2}/(?P=acct)_CloudTrail-Digest_(?P=region)_(?P<trail>.+)_(?P<home>[a-z0-9-]+)_\d{8}T\d{6}Z\.json\.gz$'
)
METADATA_SUFFIX = '.metadata.json'


def sidecar(root):
    """trailsmith's files for a bucket root live beside it (src/sidecar.ts)."""
    return os.path.abspath(root).rstrip(os.sep) + '.trailsmith'


def list_objects(root):
    """All object keys under root in S3 order (byte-wise), without our metadata side files."""
    keys = []
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            if name.startswith('.') or name.endswith(METADATA_SUFFIX):
                continue
            keys.append(os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, '/'))
    return sorted(keys, key=lambda k: k.encode())


class Pages:
    def __init__(self, keys):
        self._keys = keys

    def search(self, expression):
        assert expression == 'Contents[*].Key', expression
        return iter(self._keys)


class Paginator:
    def __init__(self, s3):
        self._s3 = s3

    def paginate(self, Bucket, Marker='', Prefix=''):
        self._s3.check_bucket(Bucket, 'ListObjects')
        return Pages([k for k in self._s3.keys if k > Marker and k.startswith(Prefix)])


class FakeS3:
    """The S3 calls validation.py makes, answered from the directory."""

    def __init__(self, root, bucket):
        self.root = root
        self.bucket = bucket
        self.keys = list_objects(root)

    def check_bucket(self, bucket, op):
        if bucket != self.bucket:
            raise ClientError({'Error': {'Code': 'NoSuchBucket', 'Message': bucket}}, op)

    def get_bucket_location(self, Bucket):
        self.check_bucket(Bucket, 'GetBucketLocation')
        return {'LocationConstraint': None}

    def get_paginator(self, name):
        assert name == 'list_objects', name
        return Paginator(self)

    def get_object(self, Bucket, Key):
        self.check_bucket(Bucket, 'GetObject')
        path = os.path.join(self.root, *Key.split('/'))
        if not os.path.isfile(path):
            raise ClientError({'Error': {'Code': 'NoSuchKey', 'Message': 'The specified key does not exist.'}}, 'GetObject')
        metadata = {}
        meta_path = os.path.join(sidecar(self.root), 's3-metadata', *(Key + '.json').split('/'))
        if os.path.isfile(meta_path):
            with open(meta_path) as f:
                metadata = json.load(f)
        with open(path, 'rb') as f:
            return {'Body': io.BytesIO(f.read()), 'Metadata': metadata}


class FakeS3Provider:
    def __init__(self, s3):
        self._s3 = s3

    def get_client(self, bucket_name):
        return self._s3


class FakeCloudTrail:
    def __init__(self, root, trail):
        self.root = root
        self.trail = trail

    def describe_trails(self):
        return {'trailList': [self.trail]}

    def list_public_keys(self, StartTime=None, EndTime=None):
        keys = []
        key_dir = os.path.join(sidecar(self.root), 'public-keys')
        for name in sorted(os.listdir(key_dir)) if os.path.isdir(key_dir) else []:
            if not name.endswith('.pem'):
                continue
            with open(os.path.join(key_dir, name)) as f:
                body = ''.join(l.strip() for l in f if not l.startswith('-----'))
            der = base64.b64decode(body)
            # botocore has already base64-decoded the blob once; validation.py decodes again.
            keys.append({'Value': base64.b64encode(der), 'ValidityStartTime': StartTime, 'ValidityEndTime': EndTime, 'Fingerprint': name[:-4]})
        return {'PublicKeyList': keys}


class FakeOrganizations:
    def __init__(self, org_id):
        self.org_id = org_id

    def describe_organization(self):
        return {'Organization': {'Id': self.org_id}}


def find_chains(root):
    """(prefix, org, account, region, trail, home) -> (bucket, first start, last end) from the digests present."""
    chains = {}
    for key in list_objects(root):
        m = DIGEST_KEY.match(key)
        if not m:
            continue
        try:
            with open(os.path.join(root, *key.split('/')), 'rb') as f:
                doc = json.loads(zlib.decompress(f.read(), zlib.MAX_WBITS | 16))
        except Exception:
            continue  # unreadable digests are the validator's business; they still sit in the chain
        ident = (m['prefix'] or '', m['org'], m['acct'], m['region'], m['trail'], m['home'])
        bucket, start, end = chains.get(ident, (doc['digestS3Bucket'], doc['digestStartTime'], doc['digestEndTime']))
        chains[ident] = (bucket, min(start, doc['digestStartTime']), max(end, doc['digestEndTime']))
    return chains


def validate_chain(root, ident, bucket, start, end):
    prefix, org, acct, region, trail_name, home = ident
    arn = f'arn:aws:cloudtrail:{home}:{acct}:trail/{trail_name}'
    trail = {'TrailARN': arn, 'S3BucketName': bucket, 'IsOrganizationTrail': bool(org)}
    if prefix:
        trail['S3KeyPrefix'] = prefix
    cmd = validation.CloudTrailValidateLogs(None)
    cmd.handle_args(argparse.Namespace(
        trail_arn=arn, verbose=True, s3_bucket=None, s3_prefix=None, account_id=acct, start_time=start, end_time=end))
    # What setup_services would create, minus the network.
    cmd._source_region = region
    cmd.s3_client_provider = FakeS3Provider(FakeS3(root, bucket))
    cmd.cloudtrail_client = FakeCloudTrail(root, trail)
    cmd.organization_client = FakeOrganizations(org)
    cmd._call()
    invalid_digests = cmd._invalid_digests + getattr(cmd, '_invalid_backfill_digests', 0)
    return invalid_digests, cmd._invalid_logs, cmd._valid_digests, cmd._valid_logs


def main():
    root = sys.argv[1]
    chains = find_chains(root)
    if not chains:
        sys.stderr.write(f'no digest files under {root}\n')
        return 1
    totals = [0, 0, 0, 0]
    for ident, (bucket, start, end) in sorted(chains.items(), key=lambda kv: tuple(x or '' for x in kv[0])):
        sys.stdout.write(f'== chain {"/".join(x for x in ident if x)}\n')
        sys.stdout.flush()
        for i, n in enumerate(validate_chain(root, ident, bucket, start, end)):
            totals[i] += n
        sys.stdout.flush()
    sys.stdout.write(f'SUMMARY invalid_digests={totals[0]} invalid_logs={totals[1]} valid_digests={totals[2]} valid_logs={totals[3]} awscli={validation.__file__}\n')
    return 1 if totals[0] or totals[1] else 0


if __name__ == '__main__':
    sys.exit(main())
