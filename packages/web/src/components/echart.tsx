import { BarChart, LineChart, SankeyChart } from 'echarts/charts';
import {
  BrushComponent,
  GridComponent,
  LegendComponent,
  ToolboxComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([
  SankeyChart,
  BarChart,
  LineChart,
  TooltipComponent,
  GridComponent,
  LegendComponent,
  BrushComponent,
  ToolboxComponent,
  CanvasRenderer,
]);

export type EChartsType = ReturnType<typeof echarts.init>;

/** One ECharts instance bound to a div; `onReady` wires events once per instance. */
export function EChart({
  option,
  onReady,
  testId,
  label,
  afterOption,
}: {
  option: Record<string, unknown>;
  afterOption?: (chart: EChartsType) => void;
  onReady?: (chart: EChartsType) => void;
  testId?: string;
  label: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the instance lives as long as the div
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    onReady?.(c);
    const resize = () => c.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      c.dispose();
    };
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the option only
  useEffect(() => {
    if (!chart.current) return;
    chart.current.setOption(option, true);
    if (Object.keys(option).length) afterOption?.(chart.current);
  }, [option]);
  return <div className="chart" ref={el} data-testid={testId} role="img" aria-label={label} />;
}
