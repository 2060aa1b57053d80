import { regionFromHost } from '../transport/auth';
import { checkEndpointUrl, isLoopbackHost } from '../transport/endpointUrl';
import type { Check } from './check';
import * as M from './messages';

const API_GATEWAY_HOST = /^([a-z0-9]+)\.execute-api\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/i;

/** The endpoint setting: the transport's URL rule, then an API Gateway host needs /<stage>/<resource>; a custom domain or this machine is taken as it is. */
export const urlShapeCheck: Check = {
  get title() {
    return M.titles.urlShape;
  },
  blocking: true,
  async run(context) {
    const checked = checkEndpointUrl(context.settings.endpoint);
    if (!checked.ok) return { status: 'fail', detail: checked.message, fix: M.urlShape.fix };
    const url = checked.url;
    context.url = url;
    const segments = url.pathname.split('/').filter(Boolean);
    if (isLoopbackHost(url.hostname)) return { status: 'pass', detail: M.urlShape.local(url.origin, url.pathname) };

    const apiGateway = API_GATEWAY_HOST.exec(url.hostname);
    if (!apiGateway) return { status: 'pass', detail: M.urlShape.customDomain(url.hostname, url.pathname) };
    const region = regionFromHost(url.hostname) ?? '';
    if (segments.length === 0) return { status: 'fail', detail: M.urlShape.noStage(url.hostname), fix: M.urlShape.stageFix };
    if (segments.length === 1) return { status: 'fail', detail: M.urlShape.noResource(segments[0]), fix: M.urlShape.stageFix };
    const configured = context.settings.awsRegion.toLowerCase();
    if (context.settings.auth === 'iam' && configured && configured !== region) {
      return { status: 'fail', detail: M.urlShape.regionMismatch(configured, region), fix: M.urlShape.regionFix(region) };
    }
    return { status: 'pass', detail: M.urlShape.apiGateway(apiGateway[1], region, segments[0], `/${segments.slice(1).join('/')}`) };
  },
};
