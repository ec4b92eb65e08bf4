import { csvExportProcessor } from './csv-export.processor.js';
import { deliverProcessor } from './deliver.processor.js';
import { denialAlertsProcessor } from './denial-alerts.processor.js';
import { expiryAlertsProcessor } from './expiry-alerts.processor.js';
import type { Processor } from './processor.js';
import { sessionSweepProcessor } from './session-sweep.processor.js';
import { weeklyReportProcessor } from './weekly-report.processor.js';

/** Every processor `licbot worker` runs. Adding a job is one processor file and one line here. */
// biome-ignore lint/suspicious/noExplicitAny: each processor pairs its own job type with its queue.
export const processors: Processor<any>[] = [
  csvExportProcessor,
  weeklyReportProcessor,
  deliverProcessor,
  denialAlertsProcessor,
  expiryAlertsProcessor,
  sessionSweepProcessor,
];
