import { createPresetDesign, PRESET_IDS, protocolParts, type PresetId, type ProtocolParts } from '@/lib/design/presets';
import type { IntegrationDesign, Protocol } from '@/lib/design';

type PartsOnly = Omit<ProtocolParts, 'protocol'>;

function partsOf(d: IntegrationDesign): PartsOnly {
  return {
    pathOverride: d.integration.pathOverride,
    integrationRequestParameters: d.integration.requestParameters,
    methodRequestParameters: d.method.requestParameters,
    requestTemplates: d.integration.requestTemplates,
  };
}

function sameRecord(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.is(a[k], b[k]));
}

function sameParts(a: PartsOnly, b: PartsOnly): boolean {
  return (
    a.pathOverride === b.pathOverride &&
    sameRecord(a.integrationRequestParameters, b.integrationRequestParameters) &&
    sameRecord(a.methodRequestParameters, b.methodRequestParameters) &&
    sameRecord(a.requestTemplates, b.requestTemplates)
  );
}

function isPresetId(value: string | undefined): value is PresetId {
  return value !== undefined && (PRESET_IDS as readonly string[]).includes(value);
}

/**
 * Whether the protocol-dependent parts are still what a preset would generate for the current protocol, account and
 * queue — i.e. switching protocol would destroy nothing the user typed.
 */
export function hasPristineProtocolParts(d: IntegrationDesign): boolean {
  const current = partsOf(d);
  const candidates: PartsOnly[] = [protocolParts(d.protocol, d.accountId, d.queue.name, true), protocolParts(d.protocol, d.accountId, d.queue.name, false)];
  if (isPresetId(d.preset)) {
    const preset = createPresetDesign(d.preset, { accountId: d.accountId, queueName: d.queue.name, region: d.region });
    if (preset.protocol === d.protocol) candidates.push(partsOf(preset));
  }
  return candidates.some((c) => sameParts(current, c));
}

/**
 * Switches protocol. With `regenerate` the path override, header mappings, method request headers and templates
 * are replaced by the new protocol's; without it only the protocol changes and the user's edits stay.
 */
export function switchProtocol(d: IntegrationDesign, protocol: Protocol, regenerate: boolean): IntegrationDesign {
  if (!regenerate) return { ...d, protocol };
  const parts = protocolParts(protocol, d.accountId, d.queue.name, true);
  return {
    ...d,
    protocol,
    method: { ...d.method, requestParameters: { ...parts.methodRequestParameters } },
    integration: {
      ...d.integration,
      actionType: 'pathOverride',
      pathOverride: parts.pathOverride,
      requestParameters: { ...parts.integrationRequestParameters },
      requestTemplates: { ...parts.requestTemplates },
    },
  };
}

/**
 * Keeps a query-protocol path override in step with the queue: when it was `{account}/{queue}` before an edit of
 * the account or queue name, it follows the new values; a hand-written override is left alone.
 */
export function followPathOverride(prev: IntegrationDesign, next: IntegrationDesign): IntegrationDesign {
  const wasDerived = prev.integration.pathOverride === `${prev.accountId}/${prev.queue.name}`;
  const derived = `${next.accountId}/${next.queue.name}`;
  if (!wasDerived || next.integration.pathOverride !== prev.integration.pathOverride || next.integration.pathOverride === derived) return next;
  return { ...next, integration: { ...next.integration, pathOverride: derived } };
}
