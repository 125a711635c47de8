import 'server-only';

export { apigatewayService, executeApiService } from './service';
export { listSandboxApis, invokeUrlsFor, type SandboxApiSummary } from './sandbox-page';
