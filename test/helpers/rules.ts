/** A valid project rule (`.unblock.json` "rules" entry), with fields to override. */
export function soapRule(id = 'py/soap-client', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    language: 'python',
    title: 'Legacy SOAP client',
    category: 'network',
    calls: ['zeep.Client().service.*'],
    message: '{call}() waits for the SOAP server',
    replacements: [],
    offload: 'thread',
    docs: { why: 'blocks', example: 'client.service.Get()', useInstead: 'offload', whenNotToUse: 'never' },
    ...extra,
  };
}
