/** The PBX contract as shown in the OpenAPI document (`/api/docs`, tag "telephony"). */
export const EVENTS_DESCRIPTION = `
A PBX (cloud or on-premises) reports each call as a few events. Authenticate with an API key
(\`Authorization: Bearer odk_…\`, Settings → API keys). When a signing secret is set
(\`PUT /api/v1/telephony/settings\`), every request must also carry
\`X-Odnos-Signature: sha256=<hex HMAC-SHA256 of the raw request body with the secret>\`.

Events are merged by \`callId\` in any order; sending one event twice changes nothing
(\`duplicate: true\`). The number of the other party may be in any format (\`+381 64 123 4567\`,
\`00381641234567\`, \`064/123-45-67\`); numbers without a country code use the workspace country.

* \`ringing\` — inbound: the agent's browser (matched by \`extension\` or \`agentEmail\`) shows the
  screen pop at once: the server pushes the whole card as the \`call.ringing\` server event on
  \`GET /api/v1/events\`, assembled with the agent's own access rights. An unknown caller
  becomes a lead with source "call". Later events push \`call.updated\`.
* \`answered\` — the agent took the call.
* \`ended\` — with \`durationSec\` (talk time) and \`recordingUrl\` when recorded. An inbound call
  that ends unanswered counts as missed.
* \`missed\` — nobody answered: a "call back" task (type \`call\`, high priority) is created for
  the agent — or, when no agent is known, for the workspace's call-back owner — due within the
  SLA (\`callbackSlaMinutes\`), and \`taskId\` is returned.

Every call becomes an entry on the timeline of each matched contact, organization or lead.

**Worked example** (Asterisk extension 101 takes a call from a Belgrade mobile):

\`\`\`sh
BODY='{"callId":"1733216400.42","event":"ringing","direction":"inbound","from":"064/123-45-67","to":"+381112345678","extension":"101","at":"2026-12-03T09:00:00+01:00"}'
SIG=$(printf '%s' "$BODY" | openssl dgst -sha256 -hmac "$SECRET" | sed 's/^.* //')
curl -X POST https://crm.example.com/api/v1/telephony/events \\
  -H "Authorization: Bearer $ODNOS_KEY" -H 'Content-Type: application/json' \\
  -H "X-Odnos-Signature: sha256=$SIG" -d "$BODY"
# → {"id":"…","callId":"1733216400.42","status":"ringing","duplicate":false,"agentId":"…","matches":1,"leadId":null,"taskId":null,"warnings":[]}
\`\`\`
then \`{"callId":"1733216400.42","event":"answered",…,"at":"2026-12-03T09:00:07+01:00"}\` and
\`{"callId":"1733216400.42","event":"ended",…,"durationSec":184,"recordingUrl":"https://pbx.example.com/rec/42.mp3"}\`.

**Adapter mapping** — what common PBXs send and the field it becomes:

| Odnos field | Asterisk (AMI / ARI) | FreePBX / Issabel | 3CX (Call Control API / CRM template) | Yeastar (P-Series API) | Twilio (Voice status callback) |
| --- | --- | --- | --- | --- | --- |
| \`callId\` | \`Linkedid\` (or \`Uniqueid\`) | \`linkedid\` | \`CallID\` / \`[CallID]\` | \`call_id\` | \`CallSid\` |
| \`event\` | \`Newstate\` Ringing → ringing, \`BridgeEnter\` → answered, \`Hangup\` → ended; \`DIALSTATUS\`=NOANSWER/BUSY → missed | same as Asterisk | \`Ringing\`, \`Connected\` → answered, \`Ended\`; \`Missed\` | \`RINGING\`, \`ANSWERED\`, \`BYE\` → ended; \`NO ANSWER\` → missed | \`ringing\`, \`in-progress\` → answered, \`completed\` → ended; \`no-answer\`/\`busy\` → missed |
| \`direction\` | context (\`from-trunk\` → inbound, \`from-internal\` → outbound) | \`direction\` CDR field | \`[CallDirection]\` Inbound/Outbound | \`type\` Inbound/Outbound | \`Direction\` inbound/outbound-api |
| \`from\` | \`CallerIDNum\` | \`src\` | \`[Number]\` (inbound) | \`call_from\` | \`From\` |
| \`to\` | \`Exten\` / \`DNID\` | \`dst\` | \`[DID]\` | \`call_to\` | \`To\` |
| \`extension\` | \`ConnectedLineNum\` / \`Channel\` peer | \`cnum\` / \`dstchannel\` | \`[Agent]\` | \`agent\` / \`ext\` | — (use \`agentEmail\`) |
| \`at\` | event time (\`Timestamp\`) | \`calldate\` | \`[DateTime]\` | \`time\` | request time |
| \`durationSec\` | \`billsec\` (CDR) | \`billsec\` | \`[Duration]\` | \`talk_duration\` | \`CallDuration\` |
| \`recordingUrl\` | \`MixMonitor\` file served over HTTP | recording URL of the UCP | \`[RecordingUrl]\` | \`recording\` download URL | \`RecordingUrl\` |

**Click-to-call webhook (optional, outgoing).** When \`clickToCallUrl\` is set, \`POST
/api/v1/telephony/dial {"number":"064 123 4567"}\` makes Odnos POST to that URL (signed with
\`X-Odnos-Signature\` when a secret is set):
\`{"action":"dial","to":"+381641234567","extension":"101","agentEmail":"ana@example.com","requestId":"…"}\`.
The PBX rings the agent's extension, then dials \`to\` (3CX: Call Control API \`MakeCall\`;
Asterisk: AMI \`Originate\` Channel=PJSIP/101, Exten=to; Yeastar: \`call/dial\`; Twilio: create a
Call to the agent's client, then \`<Dial>\` the number). Without it, every number is a \`tel:\` link.
`.trim();
