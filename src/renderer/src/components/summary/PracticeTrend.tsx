import type { PracticeExam } from '../../../../shared/domain';

interface Line {
  value: number;
  label: string;
}

interface Props {
  title: string;
  practice: PracticeExam[];
  /** Which number to plot: the 3-digit score, or NBME's pass probability (Step 1 self-assessments). */
  measure: 'score' | 'probability';
  line: Line | null;
}

const W = 320;
const H = 118;
const PAD = { left: 30, right: 8, top: 8, bottom: 20 };
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

/**
 * A small print-friendly trend: each practice result in date order, joined, against a dashed
 * reference line (the readiness line, or the target specialty's reference). Plain SVG: it prints
 * crisply and needs no measuring of the page.
 */
export function PracticeTrend({ title, practice, measure, line }: Props) {
  const points = practice
    .map((p) => ({ p, v: measure === 'score' ? p.score : p.passProbability }))
    .filter((x): x is { p: PracticeExam; v: number } => x.v !== null);
  if (points.length === 0) return null;
  const values = points.map((x) => x.v).concat(line ? [line.value] : []);
  const span = measure === 'probability' ? { lo: 0, hi: 100 } : { lo: Math.floor((Math.min(...values) - 5) / 5) * 5, hi: Math.ceil((Math.max(...values) + 5) / 5) * 5 };
  const d0 = day(points[0].p.takenOn);
  const d1 = Math.max(d0 + 1, day(points[points.length - 1].p.takenOn));
  const x = (iso: string) => PAD.left + ((day(iso) - d0) / (d1 - d0)) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - (v - span.lo) / (span.hi - span.lo)) * (H - PAD.top - PAD.bottom);
  const unit = measure === 'probability' ? '%' : '';
  const path = points.map((pt, i) => `${i ? 'L' : 'M'}${x(pt.p.takenOn).toFixed(1)},${y(pt.v).toFixed(1)}`).join(' ');
  return (
    <figure className="trend" style={{ margin: 0 }}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}: ${points.map((pt) => `${pt.p.form} ${pt.v}${unit}`).join(', ')}`}>
        <rect x={PAD.left} y={PAD.top} width={W - PAD.left - PAD.right} height={H - PAD.top - PAD.bottom} fill="#f8f9fa" stroke="#dee2e6" strokeWidth={0.5} />
        {[span.lo, span.hi].map((v) => (
          <text key={v} x={PAD.left - 3} y={y(v) + 3} fontSize={8} textAnchor="end" fill="#5c5f66">
            {v}
            {unit}
          </text>
        ))}
        {line && (
          <g>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(line.value)} y2={y(line.value)} stroke="#c00000" strokeDasharray="4 3" strokeWidth={1} />
            <text x={W - PAD.right - 2} y={y(line.value) - 3} fontSize={8} textAnchor="end" fill="#c00000">
              {line.label}
            </text>
          </g>
        )}
        <path d={path} fill="none" stroke="#364fc7" strokeWidth={1.4} />
        {points.map((pt) => (
          <circle key={pt.p.id} cx={x(pt.p.takenOn)} cy={y(pt.v)} r={2.2} fill={line && pt.v < line.value ? '#c00000' : '#364fc7'} />
        ))}
        <text x={PAD.left} y={H - 6} fontSize={8} fill="#5c5f66">
          {points[0].p.takenOn}
        </text>
        <text x={W - PAD.right} y={H - 6} fontSize={8} textAnchor="end" fill="#5c5f66">
          {points[points.length - 1].p.takenOn}
        </text>
      </svg>
      <figcaption className="muted">
        {title}: {points.length} result{points.length === 1 ? '' : 's'}, latest {points[points.length - 1].p.form} {points[points.length - 1].v}
        {unit}
      </figcaption>
    </figure>
  );
}
