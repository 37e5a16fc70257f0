import { expectStatus, rowsOf } from '../harness/http.js';
import type { LatencyScenario, SampleContact } from './types.js';

export const phoneLookup: LatencyScenario = {
  kind: 'latency',
  name: 'phone-lookup',
  about:
    'GET /phone-lookup?number= (E.164, national with spaces, 00-prefixed), the screen-pop query',
  prepare(env) {
    const withPhone = env.samples.contacts.filter((c): c is SampleContact & { phone: string } =>
      Boolean(c.phone),
    );
    if (withPhone.length === 0) return { skip: 'no phones in the sample' };
    return async (i) => {
      const c = withPhone[i % withPhone.length] as SampleContact & { phone: string };
      const formats = [c.phone, c.phone.replace('+', '00'), `0${c.national ?? ''}`];
      const number = formats[i % formats.length] as string;
      const result = expectStatus(
        await env.http.get(`/phone-lookup?number=${encodeURIComponent(number)}`),
        200,
        `phone ${number}`,
      );
      return { result, rows: rowsOf(result) };
    };
  },
};
