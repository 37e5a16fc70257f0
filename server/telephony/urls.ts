import type { FastifyRequest } from 'fastify';

/** The address PBXs reach Odnos at: ODNOS_PUBLIC_URL, else the one this request came to. */
export function publicUrl(request: FastifyRequest): string {
  const configured = process.env.ODNOS_PUBLIC_URL?.trim();
  if (configured) return configured.replace(/\/+$/, '');
  return `${request.protocol}://${request.host}`;
}
