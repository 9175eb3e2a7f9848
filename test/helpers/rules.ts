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

/** A FastAPI handler with a built-in finding (time.sleep) and a soapRule() one (GetRates). */
export const SOAP_APP =
  'import time\nimport zeep\nfrom fastapi import FastAPI\n\napp = FastAPI()\nclient = zeep.Client("wsdl")\n\n@app.get("/")\nasync def rates():\n    time.sleep(1)\n    return client.service.GetRates()\n';
