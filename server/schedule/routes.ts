import { z } from 'zod';
import { ctxOf, type App } from '../platform/http.js';
import { idParams } from '../records/schema.js';
import {
  ABSENCE_KINDS,
  createAbsence,
  deleteAbsence,
  getSchedule,
  listAbsences,
  saveSchedule,
} from './service.js';
import type { AbsenceRow } from './tables.js';

const tags = ['work schedule'];
const isoDate = z.iso.date();

const hours = z.object({
  day: z.number().int().min(1).max(7).describe('ISO weekday, Monday = 1'),
  from: z.string().regex(/^\d{2}:\d{2}$/),
  to: z.string().regex(/^\d{2}:\d{2}$/),
});
const scheduleOut = z.object({
  userId: z.uuid(),
  timeZone: z.string(),
  hours: z.array(hours),
  deputyId: z.uuid().nullable(),
  managerId: z.uuid().nullable(),
});
const absenceOut = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  kind: z.enum(ABSENCE_KINDS),
  startsOn: isoDate,
  endsOn: isoDate,
  deputyId: z.uuid().nullable(),
  note: z.string().nullable(),
  createdAt: z.iso.datetime(),
});

const presentAbsence = (row: AbsenceRow) => ({
  id: row.id,
  userId: row.userId,
  kind: row.kind as (typeof ABSENCE_KINDS)[number],
  startsOn: row.startsOn,
  endsOn: row.endsOn,
  deputyId: row.deputyId,
  note: row.note,
  createdAt: row.createdAt.toISOString(),
});

export function scheduleRoutes(app: App): void {
  const userParams = z.strictObject({ userId: z.uuid() });
  app.get(
    '/work-schedules/:userId',
    { schema: { tags, params: userParams, response: { 200: scheduleOut } } },
    async (request) => getSchedule(ctxOf(request), request.params.userId),
  );
  app.put(
    '/work-schedules/:userId',
    {
      schema: {
        tags,
        summary: 'Working hours, time zone, deputy and manager of an employee',
        params: userParams,
        body: z.strictObject({
          timeZone: z.string().max(64).optional(),
          hours: z.array(hours).max(21).optional(),
          deputyId: z.uuid().nullable().optional(),
          managerId: z.uuid().nullable().optional(),
        }),
        response: { 200: scheduleOut },
      },
    },
    async (request) => saveSchedule(ctxOf(request), request.params.userId, request.body),
  );

  app.get(
    '/absences',
    {
      schema: {
        tags,
        querystring: z.strictObject({ userId: z.uuid().optional() }),
        response: { 200: z.object({ data: z.array(absenceOut) }) },
      },
    },
    async (request) => ({
      data: (await listAbsences(ctxOf(request), request.query.userId ?? null)).map(presentAbsence),
    }),
  );
  app.post(
    '/absences',
    {
      schema: {
        tags,
        summary:
          'Record an absence; open tasks due during it go to the deputy (the one given, else ' +
          'the schedule’s)',
        body: z.strictObject({
          userId: z.uuid().optional(),
          kind: z.enum(ABSENCE_KINDS),
          startsOn: isoDate,
          endsOn: isoDate,
          deputyId: z.uuid().nullable().optional(),
          note: z.string().max(1000).nullable().optional(),
        }),
        response: { 201: absenceOut.extend({ handedOver: z.number().int() }) },
      },
    },
    async (request, reply) => {
      const { absence, handedOver } = await createAbsence(ctxOf(request), request.body);
      return reply.status(201).send({ ...presentAbsence(absence), handedOver });
    },
  );
  app.delete('/absences/:id', { schema: { tags, params: idParams } }, async (request, reply) => {
    await deleteAbsence(ctxOf(request), request.params.id);
    return reply.status(204).send();
  });
}
