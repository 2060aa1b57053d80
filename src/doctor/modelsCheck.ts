import { fetchModels } from '../transport/models';
import type { Check } from './check';
import * as M from './messages';

/** Most model ids the report lists before "…". */
const MAX_LISTED = 8;

/** The deployment's catalogue (the transport's GET /models): its protocol, the allowed models, and whether askBedrock.modelId is one. */
export const modelsCheck: Check = {
  get title() {
    return M.titles.models;
  },
  blocking: true,
  async run(context, signal) {
    const settings = context.settings;
    let catalogue;
    try {
      catalogue = await fetchModels(await context.transportConfig(), signal);
    } catch (err) {
      return { status: 'fail', detail: M.models.failed(err instanceof Error ? err.message : String(err)), fix: M.models.failedFix };
    }
    if (!catalogue) return { status: 'info', detail: M.models.none };
    const ids = catalogue.models.map((model) => model.id);
    const listed = ids.length > MAX_LISTED ? `${ids.slice(0, MAX_LISTED).join(', ')}, …` : ids.join(', ');
    const configured = settings.modelId;
    if (configured && !ids.includes(configured)) return { status: 'fail', detail: M.models.notAllowed(configured, listed), fix: M.models.notAllowedFix };
    const choice = configured ? M.models.configuredAllowed(configured) : M.models.defaultUsed;
    return { status: 'pass', detail: `${M.models.listed(catalogue.protocol, listed, catalogue.defaultModel)}; ${choice}` };
  },
};
