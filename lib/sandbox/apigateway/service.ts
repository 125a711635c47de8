import 'server-only';
import type { Database } from 'libsql';
import type { SandboxService } from '@/lib/sandbox/types';
import { apiGatewayOperationOf, apiGatewayOperations, handleControlPlane, isControlPlanePath } from './control-plane';
// Registers ImportRestApi and PutRestApi in the control plane's route table.
import './import-rest-api';
import { handleInvoke } from './data-plane';
import { isInvokeRequest } from './routing';
import { migrateApiGateway } from './store';
import { routingInfo } from '@/lib/sandbox/http';

/** API Gateway's REST-JSON control plane (`/restapis…`, `/apikeys…`, …, signed for `apigateway`), as the SDK and the AWS CLI call it. */
export const apigatewayService: SandboxService = {
  name: 'apigateway',
  migrate(db: Database) {
    migrateApiGateway(db);
  },
  matches(req, routing) {
    return routing.scopeService === 'apigateway' && isControlPlanePath(req.path);
  },
  handle(req, ctx) {
    return handleControlPlane(req, ctx, routingInfo(req));
  },
  get operations() {
    return apiGatewayOperations();
  },
  operationOf(req, routing) {
    return routing.scopeService === 'apigateway' && isControlPlanePath(req.path) ? apiGatewayOperationOf(req) : undefined;
  },
};

/**
 * The execute-api data plane: invoke URLs `/_aws/execute-api/{apiId}/{stage}/…` and `{apiId}.execute-api.localhost`.
 * It must come before the services that recognise requests by their body (STS, IAM, SQS) in the routing order, so
 * that an invoke whose body happens to look like an AWS query request still reaches the API.
 */
export const executeApiService: SandboxService = {
  name: 'execute-api',
  migrate(db: Database) {
    migrateApiGateway(db);
  },
  matches(req) {
    return isInvokeRequest(req);
  },
  handle: handleInvoke,
  operations: [{ name: 'Invoke', iamAction: 'execute-api:Invoke', notes: 'AWS (SQS) and MOCK integrations; AWS_IAM methods need a signature' }],
  operationOf(req) {
    return isInvokeRequest(req) ? 'Invoke' : undefined;
  },
};
