#!/usr/bin/env python3
"""Regenerates schemas/glacier-profile.schema.json from the reference operation table.

Usage: python3 scripts/generate-glacier-profile.py [path/to/glacier-operations.json]
(default: test/fixtures/reference/glacier-operations.json, see its SOURCES.md). The output is committed;
test/validate/schemas.test.ts checks it still matches the reference's 33 operations.
"""
import json, collections, os, sys
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REF = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, 'test', 'fixtures', 'reference', 'glacier-operations.json')
O = collections.OrderedDict
ref = json.load(open(REF))
S = lambda **kw: O(kw)
defs = O()
# Rules marked W are regularities (warnings; errors under --strict): see cloudtrail-record.schema.json's description.
W = 'Warning (an error under --strict): '
defs['accountId'] = S(description='"-" (the caller\'s account, as SDKs send it) or a 12-digit account ID.', type='string', pattern=r'^(-|\d{12})$')
defs['vaultName'] = S(description='A vault name: 1 to 255 of A-Z a-z 0-9 _ . -', type='string', pattern=r'^[A-Za-z0-9_.-]{1,255}$')
defs['archiveId'] = S(description='A 138-character base64url archive ID.', type='string', pattern=r'^[A-Za-z0-9_-]{138}$')
defs['jobId'] = S(description='A 92-character base64url job ID.', type='string', pattern=r'^[A-Za-z0-9_-]{92}$')
defs['uploadId'] = S(description='A 92-character base64url upload ID.', type='string', pattern=r'^[A-Za-z0-9_-]{92}$')
defs['lockId'] = S(description='A 24-character alphanumeric lock ID.', type='string', pattern=r'^[A-Za-z0-9]{24}$')
defs['capacityId'] = S(description='A 24-character alphanumeric capacity ID.', type='string', pattern=r'^[A-Za-z0-9]{24}$')
defs['checksum'] = S(description='A SHA-256 tree hash in 64 lowercase hex characters.', type='string', pattern=r'^[0-9a-f]{64}$')
defs['archiveDescription'] = S(description='At most 1,024 printable ASCII characters.', type='string', maxLength=1024, pattern=r'^[\x20-\x7e]*$')
defs['partSize'] = S(description='A power-of-two number of MiB from 1 MiB to 4 GiB, in bytes, as a string.', enum=[str(1048576 << k) for k in range(13)])
defs['numericString'] = S(description='A whole number: a string as the HTTP header or query carries it, or a JSON integer (uncertain which CloudTrail logs).', type=['string', 'integer'], minimum=0, pattern=r'^\d+$')
defs['byteRange'] = S(description='A byte range: bytes=first-last or first-last (GetJobOutput; facts 5.4 show both spellings), bytes first-last/* (UploadMultipartPart).', type='string', pattern=r'^(bytes[ =])?\d+-\d+(/(\*|\d+))?$')
defs['snsTopicArn'] = S(description='An SNS topic ARN.', type='string', pattern=r'^arn:[a-z-]+:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$')
defs['tags'] = S(type='object', additionalProperties=S(type='string', maxLength=256), propertyNames=S(minLength=1, maxLength=128))
defs['tagKeys'] = S(type='array', items=S(type='string', minLength=1, maxLength=128))
defs['policyDocument'] = S(description='{"policy": "<IAM policy JSON as a string>"}', type='object', required=['policy'], properties=O(policy=S(type='string', minLength=1)), additionalProperties=False)
defs['dataRetrievalPolicy'] = S(type='object', properties=O(rules=S(type='array', items=S(type='object', required=['strategy'], properties=O(strategy=S(enum=['BytesPerHour','FreeTier','None']), bytesPerHour=S(type='integer', minimum=1)), additionalProperties=False))), additionalProperties=False)
defs['vaultNotificationConfig'] = S(type='object', properties=O(sNSTopic={'$ref':'#/$defs/snsTopicArn'}, events=S(type='array', items=S(enum=['ArchiveRetrievalCompleted','InventoryRetrievalCompleted']))), additionalProperties=False)
defs['jobParameters'] = S(type='object', required=['type'], properties=O(
    format=S(enum=['JSON','CSV']),
    type=S(enum=['archive-retrieval','inventory-retrieval','select']),
    archiveId={'$ref':'#/$defs/archiveId'},
    description=S(type='string', maxLength=1024),
    sNSTopic={'$ref':'#/$defs/snsTopicArn'},
    retrievalByteRange=S(type='string', pattern=r'^\d+-\d+$'),
    tier=S(enum=['Expedited','Standard','Bulk']),
    inventoryRetrievalParameters=S(type='object', properties=O(startDate=S(type='string'), endDate=S(type='string'), limit={'$ref':'#/$defs/numericString'}, marker=S(type='string')), additionalProperties=False),
    selectParameters=S(type='object'),
    outputLocation=S(type='object')),
    additionalProperties=False,
    allOf=[S(**{'if': S(properties=O(type=S(const='archive-retrieval')), required=['type']), 'then': S(required=['archiveId'])})])
member = {
 'accountId':'accountId','vaultName':'vaultName','archiveId':'archiveId','jobId':'jobId','uploadId':'uploadId','lockId':'lockId',
 'checksum':'checksum','archiveDescription':'archiveDescription','partSize':'partSize','archiveSize':'numericString','limit':'numericString',
 'marker': None, 'range':'byteRange','tags':'tags','tagKeys':'tagKeys','jobParameters':'jobParameters','vaultNotificationConfig':'vaultNotificationConfig',
}
special = {'statuscode': S(enum=['InProgress','Succeeded','Failed']), 'completed': S(enum=['true','false']), 'marker': S(type='string', minLength=1)}
def mschema(op, name):
    if name in special: return special[name]
    if name == 'policy':
        return {'$ref': '#/$defs/dataRetrievalPolicy'} if op == 'SetDataRetrievalPolicy' else {'$ref': '#/$defs/policyDocument'}
    return {'$ref': '#/$defs/' + member[name]}
loc_pat = {
 'CreateVault': r'^/\d{12}/vaults/[A-Za-z0-9_.-]{1,255}$',
 'UploadArchive': r'^/\d{12}/vaults/[A-Za-z0-9_.-]{1,255}/archives/[A-Za-z0-9_-]{138}$',
 'CompleteMultipartUpload': r'^/\d{12}/vaults/[A-Za-z0-9_.-]{1,255}/archives/[A-Za-z0-9_-]{138}$',
 'InitiateJob': r'^/\d{12}/vaults/[A-Za-z0-9_.-]{1,255}/jobs/[A-Za-z0-9_-]{92}$',
 'InitiateMultipartUpload': r'^/\d{12}/vaults/[A-Za-z0-9_.-]{1,255}/multipart-uploads/[A-Za-z0-9_-]{92}$',
}
ops = ref['operations']
names = [o['name'] for o in ops]
for o in ops:
    rp = o['requestParameters']
    req = S(type='object', required=[m['cloudTrailName'] for m in rp if m.get('required')],
            properties=O((m['cloudTrailName'], mschema(o['name'], m['cloudTrailName'])) for m in rp), additionalProperties=False)
    if o['responseElements']:
        props = O()
        for n in o['responseElements']:
            if n == 'location': props[n] = S(type='string', pattern=loc_pat[o['name']])
            elif n == 'jobOutputPath': props[n] = S(type='string')
            else: props[n] = {'$ref': '#/$defs/' + n}
        shape = S(type='object', required=[n for n in o['responseElements'] if n != 'jobOutputPath'], properties=props, additionalProperties=False)
        if o['name'] == 'CreateVault':
            resp = shape
            respdesc = 'Response headers logged by name (CreateVault: confirmed by the CloudTrail documentation).'
        else:
            # Facts 5.3 mark these shapes inferred [I]: when present they must have the model's
            # members, but a real record that logs null is accepted rather than rejected.
            resp = S(type=['object', 'null'], **{'if': S(type='object'), 'then': shape})
            respdesc = 'Response headers logged by name, inferred from the model (facts 5.3 [I]); null is accepted because no real record confirms the shape.'
    else:
        resp = S(**{'$comment': W + 'cross-field: the docs say read-only APIs and APIs without output log null; a service may start logging more.', 'type': 'null'})
        respdesc = 'null: read-only operations and operations without output log no response elements.'
    resp = O([('description', respdesc)] + list(resp.items()))
    defs[o['name']] = S(
        type='object',
        description='%s %s (readOnly %s)' % (o['httpMethod'], o['requestUri'], str(o['readOnly']).lower()),
        required=['requestParameters', 'responseElements'],
        properties=O(readOnly=S(**{'$comment': W + 'cross-field: readOnly here comes from the IAM access level (Read/List), which CloudTrail need not follow for every operation.', 'const': o['readOnly']}), requestParameters=req, responseElements=resp))
defs['successfulCall'] = S(type='object', description='Dispatch on eventName to the operation\'s request and response shapes.',
    allOf=[S(**{'if': S(properties=O(eventName=S(const=n)), required=['eventName']), 'then': {'$ref': '#/$defs/' + n}}) for n in names])
defs['glacierCommon'] = S(
    type='object',
    description='What every Glacier record has, successful or not: one of the 33 operations, an API call, a management event; a failed call (errorCode present) logs responseElements null.',
    properties=O(
        eventName=S(**{'$comment': W + 'the 33 operations of the 2012-06-01 model; Glacier may log an action the model lacks (a console action, an operation added later).', 'enum': names}),
        eventType=S(**{'$comment': W + 'cross-field: every documented Glacier event is an API call.', 'const': 'AwsApiCall'}),
        managementEvent=S(**{'$comment': W + 'cross-field: Glacier vault operations are documented as management events.', 'const': True}),
        eventCategory=S(**{'$comment': W + 'cross-field: as managementEvent.', 'const': 'Management'})),
    **{'if': S(required=['errorCode']), 'then': S(properties=O(responseElements=S(**{'$comment': W + 'cross-field: failed calls log null responseElements in the records seen so far.', 'type': 'null'})))})
defs['glacierRecord'] = S(
    type='object',
    description='A Glacier record. Failed calls log whatever request members the caller sent, so only successful calls are held to the per-operation shapes.',
    **{'$ref': '#/$defs/glacierCommon', 'if': S(required=['errorCode']), 'else': {'$ref': '#/$defs/successfulCall'}})
schema = O()
schema['$schema'] = 'https://json-schema.org/draft/2020-12/schema'
schema['$id'] = 'https://trailsmith.dev/schemas/glacier-profile.schema.json'
schema['title'] = 'AWS CloudTrail record, with the Amazon S3 Glacier profile'
schema['description'] = 'A CloudTrail record (cloudtrail-record.schema.json) and, when eventSource is glacier.amazonaws.com, the Glacier vault API profile: eventName is one of the 33 operations, and for successful calls requestParameters and responseElements have that operation\'s members, ID lengths and alphabets (reference: glacier-operations.json, facts 5.3-5.6). Load cloudtrail-record.schema.json beside it. Errors: the formats of Glacier IDs, checksums, vault names and the members an operation requires, as the API model defines them. Warnings (rules whose $comment starts with "Warning"; errors under --strict): the operation list and the cross-field rules (readOnly per operation, API call and management event, null responseElements on failures and read-only calls).'
schema['type'] = 'object'
schema['allOf'] = [
    {'$ref': 'cloudtrail-record.schema.json'},
    S(**{'if': S(properties=O(eventSource=S(const='glacier.amazonaws.com')), required=['eventSource']), 'then': {'$ref': '#/$defs/glacierRecord'}}),
]
schema['$defs'] = defs
open(os.path.join(ROOT, 'schemas', 'glacier-profile.schema.json'), 'w').write(json.dumps(schema, indent=2) + '\n')
