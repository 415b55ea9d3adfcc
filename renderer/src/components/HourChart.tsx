import type { DayReport } from '../../../common/contract';
import { formatAmount } from '../format';
import * as strings from '../strings';

const BAR_WIDTH = 28;
const GAP = 6;
const CHART_HEIGHT = 160;
const LABEL_SPACE = 36;
const TOP_SPACE = 8;

/**
 * Draws sales by hour as an SVG bar chart built from React elements. Each bar has its figures as
 * a title, so the chart carries nothing by colour or shape alone.
 */
export function HourChart({ report }: { report: DayReport }) {
  const hours = report.salesByHour;
  // Heights scale by integer totals; the ratio is for drawing only, never for money.
  const largest = Math.max(1, ...hours.map((hour) => hour.totalMinor));
  const width = hours.length * (BAR_WIDTH + GAP) + GAP;
  const height = CHART_HEIGHT + LABEL_SPACE + TOP_SPACE;

  return (
    <svg
      className="chart"
      role="img"
      aria-labelledby="chart-title"
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="xMinYMin meet"
      data-testid="hour-chart"
    >
      <title id="chart-title">{strings.report.chartLabel(report.date)}</title>
      <line
        x1={0}
        x2={width}
        y1={TOP_SPACE + CHART_HEIGHT}
        y2={TOP_SPACE + CHART_HEIGHT}
        className="chart__axis"
      />
      {hours.map((hour, index) => {
        const barHeight = Math.round((hour.totalMinor / largest) * CHART_HEIGHT);
        const x = GAP + index * (BAR_WIDTH + GAP);
        return (
          <g key={hour.start} data-testid="chart-bar" data-count={hour.count}>
            <title>
              {strings.report.chartBar(hour.label, hour.count, formatAmount(hour.totalMinor))}
            </title>
            <rect
              className="chart__bar"
              x={x}
              y={TOP_SPACE + CHART_HEIGHT - barHeight}
              width={BAR_WIDTH}
              height={Math.max(0, barHeight)}
            />
            {index % 3 === 0 && (
              <text
                className="chart__label"
                x={x + BAR_WIDTH / 2}
                y={TOP_SPACE + CHART_HEIGHT + 22}
                textAnchor="middle"
              >
                {hour.label.slice(0, 2)}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
