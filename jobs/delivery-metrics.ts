import { type ChatDelivery, type Deliveries, DeliveryRefused } from '../src/core/delivery.js';
import { deliveriesTotal } from '../src/observability/metrics.js';

type Kind = 'postToChannel' | 'uploadFiles' | 'sendDirect';
const KINDS: Record<Kind, string> = { postToChannel: 'channel', uploadFiles: 'files', sendDirect: 'direct' };

/** The same adapter, counting each send by outcome: sent, refused (no retry can fix) or failed. */
function counted(delivery: ChatDelivery): ChatDelivery {
  const wrap =
    <A extends unknown[], R>(kind: Kind, send: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const labels = { platform: delivery.platform, kind: KINDS[kind] };
      try {
        const result = await send(...args);
        deliveriesTotal.inc({ ...labels, outcome: 'sent' });
        return result;
      } catch (error) {
        deliveriesTotal.inc({ ...labels, outcome: error instanceof DeliveryRefused ? 'refused' : 'failed' });
        throw error;
      }
    };
  return {
    platform: delivery.platform,
    postToChannel: wrap('postToChannel', delivery.postToChannel.bind(delivery)),
    uploadFiles: wrap('uploadFiles', delivery.uploadFiles.bind(delivery)),
    sendDirect: wrap('sendDirect', delivery.sendDirect.bind(delivery)),
    findPosted: delivery.findPosted.bind(delivery),
  };
}

/** Every adapter of `deliveries`, counted on /metrics (licbot_deliveries_total). */
export function countedDeliveries(deliveries: Deliveries): Deliveries {
  return Object.fromEntries(
    Object.entries(deliveries).map(([platform, d]) => [platform, d ? counted(d) : d]),
  ) as Deliveries;
}
