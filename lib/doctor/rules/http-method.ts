/** The integration HTTP method: GET instead of POST is answered with SignatureDoesNotMatch. */
import { type Rule, finding } from './analysis';

export const integrationHttpMethodGet: Rule = (a) => {
  if (a.design.integration?.integrationHttpMethod !== 'GET') return [];
  return [
    finding(
      'integration-http-method-get',
      'error',
      ['integration', 'integrationHttpMethod'],
      'The integration calls SQS with GET instead of POST',
      'The AWS Knowledge Center article on API Gateway and SQS errors explains "SignatureDoesNotMatch": this error occurs when the HTTP method of the integration request is set to GET instead of POST. ' +
        'AWS does not document why; the likely cause is that the signed request no longer matches what SQS receives once the body has to travel as a GET.',
      { description: 'Set the integration HTTP method to POST.', patch: [{ op: 'set', path: ['integration', 'integrationHttpMethod'], value: 'POST' }] },
    ),
  ];
};
