import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { iamService } from '@/lib/sandbox/iam/service';
import { stsService } from '@/lib/sandbox/sts/service';
import type { SandboxRequest } from '@/lib/sandbox/types';
import { sqsService } from './service';

const MODELS = '/usr/lib/python3/dist-packages/awscli/botocore/data';

function request(over: Partial<SandboxRequest>): SandboxRequest {
  return { method: 'POST', path: '/', rawQuery: '', headers: {}, body: Buffer.alloc(0), host: '127.0.0.1:4566', protocol: 'http', ...over };
}

/** Operation names of a botocore service model. */
function modelOperations(service: string, version: string): string[] {
  const model = JSON.parse(readFileSync(`${MODELS}/${service}/${version}/service-2.json`, 'utf8')) as { operations: Record<string, unknown> };
  return Object.keys(model.operations);
}

describe('route tables of SQS, IAM and STS', () => {
  test('every SQS, IAM and STS operation served is one AWS defines, with a well-formed IAM action', () => {
    const known = {
      sqs: [...modelOperations('sqs', '2012-11-05'), 'StartMessageMoveTask', 'ListMessageMoveTasks', 'CancelMessageMoveTask'],
      iam: modelOperations('iam', '2010-05-08'),
      sts: modelOperations('sts', '2011-06-15'),
    };
    for (const service of [sqsService, iamService, stsService]) {
      const ops = service.operations!;
      expect(ops.length).toBeGreaterThan(2);
      for (const op of ops) {
        expect(known[service.name as keyof typeof known]).toContain(op.name);
        expect(op.iamAction).toMatch(new RegExp(`^${service.name}:[A-Z][A-Za-z]+$`));
      }
    }
    expect(sqsService.operations!.find((o) => o.name === 'SendMessageBatch')?.iamAction).toBe('sqs:SendMessage');
  });

  test('operationOf names the operation of each protocol, undefined for unknown ones', () => {
    const routing = {};
    expect(sqsService.operationOf!(request({ headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.AddPermission' } }), routing)).toBe(
      'AddPermission',
    );
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    expect(sqsService.operationOf!(request({ headers: form, body: Buffer.from('Action=PurgeQueue&Version=2012-11-05') }), routing)).toBe('PurgeQueue');
    expect(sqsService.operationOf!(request({ rawQuery: 'Action=Nope' }), routing)).toBeUndefined();
    expect(iamService.operationOf!(request({ headers: form, body: Buffer.from('Action=TagRole&Version=2010-05-08') }), routing)).toBe('TagRole');
    expect(stsService.operationOf!(request({ rawQuery: 'Action=GetSessionToken&Version=2011-06-15' }), routing)).toBe('GetSessionToken');
    expect(stsService.operationOf!(request({ rawQuery: 'Action=CreateRole' }), routing)).toBeUndefined();
  });
});
