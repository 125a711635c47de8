'use client';

import { CodeEditor, type EditorMarker } from '@/components/editor/code-editor';
import { Button } from '@/components/ui/button';
import { RadioGroup, TextField } from '@/components/ui/field';
import type { ExecutionRoleDesign } from '@/lib/design';
import { listRolePicksAction } from '@/lib/actions/pickers';
import { FieldFindings } from '../findings';
import { ResourcePicker } from '../resource-picker';
import { useFieldState } from '../field-state';
import { useWizard } from '../wizard-context';

type Props = {
  executionRole: ExecutionRoleDesign;
  accountId: string;
  /** The least-privilege policy for this queue, as JSON text. */
  leastPrivilegeDocument: string;
  hasKmsKey: boolean;
  onChange: (role: ExecutionRoleDesign) => void;
};

export function RoleStep({ executionRole: role, accountId, leastPrivilegeDocument: leastPrivilege, hasKmsKey, onChange: setRole }: Props) {
  const { fieldErrors, findings } = useWizard();
  const roleName = useFieldState('executionRole.roleName');
  const roleArn = useFieldState('executionRole.roleArn');
  const policyErrors = fieldErrors['executionRole.policyDocument'] ?? [];
  const policy = role.mode === 'create' && role.policyDocument !== undefined ? role.policyDocument : leastPrivilege;
  const isCustomPolicy = role.mode === 'create' && role.policyDocument !== undefined && role.policyDocument !== leastPrivilege;

  const markers: EditorMarker[] = [
    ...policyErrors.map((message) => ({ severity: 'error' as const, message, line: 1, column: 1 })),
    ...findings.filter((f) => f.field.startsWith('executionRole')).map((f) => ({ severity: f.severity, message: `${f.title}: ${f.explanation}`, line: 1, column: 1, source: 'doctor' })),
  ];

  return (
    <div className="space-y-5">
      <RadioGroup
        name="role-mode"
        legend="Execution role"
        value={role.mode}
        onChange={(mode) =>
          setRole(
            mode === 'create'
              ? { mode: 'create', roleName: role.mode === 'existing' ? role.roleArn.slice(role.roleArn.lastIndexOf('/') + 1) || 'apigateway-sqs' : role.roleName }
              : { mode: 'existing', roleArn: role.mode === 'create' ? `arn:aws:iam::${accountId}:role/${role.roleName}` : role.roleArn },
          )
        }
        options={[
          { value: 'create', label: 'Create a new role', description: 'Trusted by apigateway.amazonaws.com, with the inline policy below.' },
          { value: 'existing', label: 'Use an existing role', description: 'Its ARN goes into the integration’s Execution role field.' },
        ]}
      />
      {role.mode === 'create' ? (
        <>
          <TextField id="role-name" label="Role name" hint="IAM role name; up to 64 characters of letters, digits and + = , . @ _ -." value={role.roleName} onChange={(e) => setRole({ ...role, roleName: e.target.value })} {...roleName} />
          <div className="space-y-2">
            <div className="flex flex-wrap items-end justify-between gap-2">
              <div>
                <p id="role-policy-label" className="text-sm font-medium text-slate-800">
                  Inline policy ({isCustomPolicy ? 'edited' : 'least privilege'})
                </p>
                <p className="text-xs text-slate-500">sqs:SendMessage on this queue only{hasKmsKey ? ', plus kms:GenerateDataKey and kms:Decrypt on a customer-managed key' : ''}.</p>
              </div>
              <Button size="sm" onClick={() => setRole({ mode: 'create', roleName: role.roleName })} disabled={role.policyDocument === undefined}>
                Reset to least privilege
              </Button>
            </div>
            <CodeEditor
              id="role-policy-editor"
              testId="role-policy-editor"
              label="Execution role inline policy (JSON)"
              language="json"
              value={policy}
              onChange={(value) => setRole({ mode: 'create', roleName: role.roleName, policyDocument: value })}
              markers={markers}
              height={260}
            />
            {policyErrors.length > 0 ? (
              <ul role="alert" className="text-xs text-red-700">
                {policyErrors.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            ) : null}
            <FieldFindings path="executionRole" exact />
            <FieldFindings path="executionRole.policyDocument" />
          </div>
        </>
      ) : (
        <>
          <ResourcePicker
            id="role-picker"
            label="Find an existing role"
            hint="Type part of its name; picking one fills the ARN below."
            load={listRolePicksAction}
            keyOf={(item) => item.arn}
            render={(item) => ({
              label: item.name,
              detail: item.apiGatewayCanAssume ? undefined : <span className="text-amber-700">Warning: its trust policy does not let API Gateway (apigateway.amazonaws.com) assume it; the deploy plan will refuse it.</span>,
            })}
            onPick={(item) => setRole({ mode: 'existing', roleArn: item.arn })}
          />
          <TextField id="role-arn" label="Execution role ARN" hint="The console’s Execution role field, e.g. arn:aws:iam::123456789012:role/my-apigw-sqs-role." value={role.roleArn} onChange={(e) => setRole({ mode: 'existing', roleArn: e.target.value })} {...roleArn} />
        </>
      )}
    </div>
  );
}
