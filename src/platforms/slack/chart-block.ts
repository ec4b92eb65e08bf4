import type { Reply } from '../../core/reply.js';
import type { NativeChart } from '../../reports/charts/native-chart.js';
import { truncate } from './mrkdwn.js';

/**
 * Limits of the `data_visualization` block (docs.slack.dev, Block Kit → Data visualization
 * block: a title of at most 50 characters; bar, area and line charts take 1 to 6 series, each
 * series' name and every category label at most 20 characters, axis titles at most 50) and
 * what typed SDKs citing that page add: 1 to 20 data points a series, one for each category,
 * and at most two such blocks in a message. @slack/types 3.2.0 has no type for it yet.
 */
export const CHART_LIMITS = { perMessage: 2, series: 6, categories: 20, title: 50, label: 20, axisTitle: 50 } as const;

type Block = Record<string, unknown>;

/** Whether Slack can draw the chart itself: it must fit every limit without losing data. */
export function fitsNativeChart(chart: NativeChart): boolean {
  const { categories, series } = chart;
  return (
    categories.length >= 1 &&
    categories.length <= CHART_LIMITS.categories &&
    categories.every((c) => c.length >= 1 && c.length <= CHART_LIMITS.label) &&
    new Set(categories).size === categories.length &&
    series.length >= 1 &&
    series.length <= CHART_LIMITS.series &&
    series.every((s) => s.name.length <= CHART_LIMITS.label && s.values.length === categories.length) &&
    new Set(series.map((s) => s.name)).size === series.length
  );
}

export function chartBlock(chart: NativeChart): Block {
  return {
    type: 'data_visualization',
    title: truncate(chart.title, CHART_LIMITS.title),
    chart: {
      type: chart.kind,
      series: chart.series.map((s) => ({
        name: s.name,
        data: chart.categories.map((label, i) => ({ label, value: s.values[i] ?? 0 })),
      })),
      axis_config: {
        categories: chart.categories,
        ...(chart.xLabel ? { x_label: truncate(chart.xLabel, CHART_LIMITS.axisTitle) } : {}),
        ...(chart.yLabel ? { y_label: truncate(chart.yLabel, CHART_LIMITS.axisTitle) } : {}),
      },
    },
  };
}

/**
 * The charts of a reply Slack draws itself (the first ones that fit, at most two), and the
 * PNGs it then need not upload (those whose native chart shows everything).
 */
export function nativeCharts(reply: Reply): { blocks: Block[]; drawnFiles: Set<string> } {
  const drawn = (reply.charts ?? [])
    .filter((c) => c.native && fitsNativeChart(c.native))
    .slice(0, CHART_LIMITS.perMessage);
  return {
    blocks: drawn.map((c) => chartBlock(c.native!)),
    drawnFiles: new Set(drawn.filter((c) => c.native?.complete).map((c) => c.file)),
  };
}

/** The files to upload beside a message in this style: the monospace form draws no chart, so it keeps every PNG. */
export function slackFiles(reply: Reply, style: 'native' | 'monospace' = 'native'): Reply['files'] {
  if (style === 'monospace') return reply.files;
  const { drawnFiles } = nativeCharts(reply);
  return reply.files?.filter((f) => !drawnFiles.has(f.name));
}
