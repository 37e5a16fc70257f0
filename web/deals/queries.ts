import { queryOptions, useQuery } from '@tanstack/react-query';
import type { VatRateOut } from '../../server/catalog/schema.js';
import type { LostReasonOut, PipelineOut } from '../../server/deals/schema.js';
import { get } from '../lib/api.js';

export const pipelinesQuery = queryOptions({
  queryKey: ['pipelines'],
  queryFn: async () => (await get<{ data: PipelineOut[] }>('/pipelines')).data,
  staleTime: 60_000,
});

export function usePipelines(): PipelineOut[] {
  return useQuery(pipelinesQuery).data ?? [];
}

export const lostReasonsQuery = queryOptions({
  queryKey: ['lost-reasons'],
  queryFn: async () => (await get<{ data: LostReasonOut[] }>('/lost-reasons')).data,
  staleTime: 60_000,
});

export function useLostReasons(): LostReasonOut[] {
  return useQuery(lostReasonsQuery).data ?? [];
}

export const vatRatesQuery = queryOptions({
  queryKey: ['vat-rates'],
  queryFn: async () => (await get<{ data: VatRateOut[] }>('/vat-rates')).data,
  staleTime: 60_000,
});

export function useVatRates(): VatRateOut[] {
  return useQuery(vatRatesQuery).data ?? [];
}

/** Minor units → the number a person types (2 decimals for every currency Odnos knows). */
export const toMajor = (minor: number) => minor / 100;
export const toMinor = (major: number | string) => Math.round(Number(major) * 100);
