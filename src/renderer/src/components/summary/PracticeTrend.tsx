import type { PracticeExam } from '../../../../shared/domain';
import type { ChartLine } from '../../../../shared/practice-lines';
import { formatDate } from '../../format';

interface Props {
  title: string;
  practice: PracticeExam[];
  /** Which number to plot: the 3-digit score, or NBME's pass probability (Step 1 self-assessments). */
  measure: 'score' | 'probability';
  /** The lines the student page's chart draws for the same results (chartLines), pass line first. */
  lines: ChartLine[];
}

/** Ink per kind of line: the pass line red, as on the screen's chart; readiness and targets teal, a mean grey. */
const INK: Record<ChartLine['kind'], string> = { pass: '#c00000', readiness: '#087f5b', target: '#087f5b', mean: '#5c5f66' };

const W = 320;
const H = 118;
const PAD = { left: 30, right: 8, top: 8, bottom: 20 };
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

/**
 * A small print-friendly trend: each practice result in date order, joined, against the dashed
 * reference lines the screen's chart draws (the pass line, the readiness line or the target
 * specialty's reference). Plain SVG: it prints crisply and needs no measuring of the page. A
 * result below the highest line (the one to clear: readiness or target) is drawn red.
 */
export function PracticeTrend({ title, practice, measure, lines }: Props) {
  const points = practice
    .map((p) => ({ p, v: measure === 'score' ? p.score : p.passProbability }))
    .filter((x): x is { p: PracticeExam; v: number } => x.v !== null);
  if (points.length === 0) return null;
  const values = points.map((x) => x.v).concat(lines.map((l) => l.y));
  // A result below the line it should clear (the highest: readiness or target above the pass line) is marked.
  const bar = lines.length ? Math.max(...lines.map((l) => l.y)) : null;
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
        {lines.map((l) => (
          <g key={l.kind} data-line={l.kind}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(l.y)} y2={y(l.y)} stroke={INK[l.kind]} strokeDasharray={l.kind === 'pass' ? undefined : '4 3'} strokeWidth={1} />
            <text x={W - PAD.right - 2} y={y(l.y) - 3} fontSize={8} textAnchor="end" fill={INK[l.kind]}>
              {l.label}
            </text>
          </g>
        ))}
        <path d={path} fill="none" stroke="#364fc7" strokeWidth={1.4} />
        {points.map((pt) => (
          <circle key={pt.p.id} cx={x(pt.p.takenOn)} cy={y(pt.v)} r={2.2} fill={bar !== null && pt.v < bar ? '#c00000' : '#364fc7'} />
        ))}
        <text x={PAD.left} y={H - 6} fontSize={8} fill="#5c5f66">
          {formatDate(points[0].p.takenOn)}
        </text>
        <text x={W - PAD.right} y={H - 6} fontSize={8} textAnchor="end" fill="#5c5f66">
          {formatDate(points[points.length - 1].p.takenOn)}
        </text>
      </svg>
      <figcaption className="muted">
        {title}: {points.length} result{points.length === 1 ? '' : 's'}, latest {points[points.length - 1].p.form} {points[points.length - 1].v}
        {unit}
      </figcaption>
    </figure>
  );
}
