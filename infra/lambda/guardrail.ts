/** The `guardrail` event from ConverseStream's `metadata.trace.guardrail`: which policies acted, never what they matched. */
import type { GuardrailAssessment, GuardrailTraceAssessment } from '@aws-sdk/client-bedrock-runtime';
import type { GuardrailEvent } from '../../src/protocol/wire';

const MAX_POLICIES = 20;

/** The event for an intervention; `trace` may be missing (then no policies are named). */
export function guardrailEvent(trace: GuardrailTraceAssessment | undefined): GuardrailEvent {
  const assessments: GuardrailAssessment[] = [
    ...Object.values(trace?.inputAssessment ?? {}),
    ...Object.values(trace?.outputAssessments ?? {}).flat(),
  ];
  const policies = new Set<string>();
  for (const a of assessments) {
    for (const t of a.topicPolicy?.topics ?? []) if (acted(t.action)) policies.add(`topic:${t.name ?? 'unnamed'}`);
    for (const f of a.contentPolicy?.filters ?? []) if (acted(f.action)) policies.add(`content:${f.type ?? 'unknown'}`);
    // Word and PII matches quote the text: only the kind of policy is named.
    if ((a.wordPolicy?.customWords ?? []).some((w) => acted(w.action))) policies.add('word:custom');
    for (const w of a.wordPolicy?.managedWordLists ?? []) if (acted(w.action)) policies.add(`word:${w.type ?? 'managed'}`);
    for (const p of a.sensitiveInformationPolicy?.piiEntities ?? []) if (acted(p.action)) policies.add(`sensitiveInformation:${p.type ?? 'unknown'}`);
    for (const r of a.sensitiveInformationPolicy?.regexes ?? []) if (acted(r.action)) policies.add(`sensitiveInformation:${r.name ?? 'regex'}`);
    for (const g of a.contextualGroundingPolicy?.filters ?? []) if (acted(g.action)) policies.add(`contextualGrounding:${g.type ?? 'unknown'}`);
    if (a.automatedReasoningPolicy?.findings?.length) policies.add('automatedReasoning');
  }
  return { type: 'guardrail', action: 'INTERVENED', policies: [...policies].slice(0, MAX_POLICIES).map((p) => p.slice(0, 120)) };
}

function acted(action: string | undefined): boolean {
  return action !== undefined && action !== 'NONE';
}
