/**
 * A deterministic synthetic cohort: the same seed and as-of date always give the same students.
 * Distributions follow what advising offices see: about 7% of Step 1 first attempts fail, Step 2 CK
 * scores around a mean of 250 (SD 15), some CK exams scheduled and some not yet booked, practice
 * exams before each real one, four class years, US MD / US DO / IMG applicants.
 */
import { addDays, type ExamAttemptInput, type PracticeExamInput, type Student } from '../../shared/domain';
import { numberSetting, type ReferenceData } from '../../shared/rules/reference';

export interface DemoCohort {
  students: Student[];
  attempts: ExamAttemptInput[];
  practice: PracticeExamInput[];
}

/** mulberry32: small, fast, and the same sequence on every platform. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Aisha', 'Ben', 'Carmen', 'Daniel', 'Elena', 'Farah', 'Gabriel', 'Hana', 'Isaac', 'Jun', 'Kavya', 'Liam', 'Maya', 'Noah', 'Olivia', 'Priya', 'Quinn', 'Rosa', 'Samuel', 'Tariq', 'Uma', 'Victor', 'Wen', 'Ximena', 'Yusuf', 'Zoe', 'Amir', 'Bianca', 'Chen', 'Diego', 'Emeka', 'Fatima', 'Grace', 'Hector', 'Ines', 'Jamal'];
const LAST = ['Abbott', 'Banerjee', 'Castillo', 'Dubois', 'Eze', 'Fischer', 'Garcia', 'Huang', 'Ibrahim', 'Johnson', 'Kowalski', 'Lee', 'Martinez', 'Nguyen', 'Okafor', 'Patel', 'Quintero', 'Rossi', 'Singh', 'Tanaka', 'Usman', 'Varga', 'Williams', 'Xu', 'Yilmaz', 'Zhang', 'Alvarez', 'Brown', 'Cohen', 'Das', 'Evans', 'Flores', 'Gupta', 'Hassan', 'Ito', 'Khan'];
const ADVISORS = ['Dr. Adeyemi', 'Dr. Brennan', 'Dr. Chowdhury', 'Dr. Delgado', 'Dr. Eriksen', 'Dr. Fontaine', 'Dr. Goldberg', 'Dr. Hayashi'];
/** Rough share of applicants by target specialty. */
const TARGETS: [string, number][] = [
  ['Internal Medicine', 20], ['Family Medicine', 9], ['Pediatrics', 9], ['Emergency Medicine', 7], ['Psychiatry', 7],
  ['General Surgery', 6], ['Anesthesiology', 6], ['Obstetrics and Gynecology', 5], ['Diagnostic Radiology', 4], ['Neurology', 3],
  ['Orthopaedic Surgery', 3], ['Dermatology', 2], ['Otolaryngology (ENT)', 2], ['Pathology', 2], ['Physical Medicine and Rehabilitation', 2],
  ['Plastic Surgery (Integrated)', 1], ['Neurological Surgery', 1], ['Urology', 1], ['Ophthalmology', 1], ['Radiation Oncology', 1],
  ['Internal Medicine-Pediatrics', 1], ['Interventional Radiology (Integrated)', 1], ['Vascular Surgery', 1], ['Thoracic Surgery', 1], ['Child Neurology', 1],
];
const STEP1_FORMS = ['NBME 25', 'NBME 26', 'NBME 27', 'NBME 28', 'NBME 29', 'NBME 30', 'NBME 31', 'UWSA 1', 'UWSA 2', 'Free 120'];
const CK_FORMS = ['NBME 9', 'NBME 10', 'NBME 11', 'NBME 12', 'NBME 13', 'NBME 14', 'UWSA 1', 'UWSA 2', 'UWSA 3', 'Free 120'];

export function generateCohort(count: number, seed: number, asOf: string, ref: ReferenceData): DemoCohort {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const normal = (mean: number, sd: number) => {
    const u = 1 - rand();
    const v = rand();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const totalWeight = TARGETS.reduce((n, [, w]) => n + w, 0);
  const pickTarget = () => {
    let r = rand() * totalWeight;
    for (const [name, w] of TARGETS) if ((r -= w) < 0) return name;
    return TARGETS[0][0];
  };
  const dateIn = (year: number, fromMonth: number, toMonth: number) => {
    const month = fromMonth + Math.floor(rand() * (toMonth - fromMonth + 1));
    const day = 1 + Math.floor(rand() * 28);
    return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  };
  const ckPass = (date: string) => numberSetting(ref, 'step2ck.minPass', date);
  const comlexPass = numberSetting(ref, 'comlex2ce.minPass', asOf);

  // The class applying this season graduates in the year after the current academic year starts.
  const asOfYear = Number(asOf.slice(0, 4));
  const firstClass = asOf.slice(5) >= '06-01' ? asOfYear + 1 : asOfYear;
  const classes = [firstClass, firstClass + 1, firstClass + 2, firstClass + 3];

  const students: Student[] = [];
  const attempts: ExamAttemptInput[] = [];
  const practice: PracticeExamInput[] = [];
  const width = Math.max(5, String(count).length);

  for (let i = 0; i < count; i++) {
    const id = `S${String(i + 1).padStart(width, '0')}`;
    const classRoll = rand();
    // Most advising attention goes to the two classes nearest the Match.
    const gradYear = classes[classRoll < 0.35 ? 0 : classRoll < 0.7 ? 1 : classRoll < 0.9 ? 2 : 3];
    const typeRoll = rand();
    const applicantType = typeRoll < 0.75 ? 'US_MD' : typeRoll < 0.9 ? 'US_DO' : 'IMG';
    const firstName = pick(FIRST);
    const lastName = pick(LAST);
    const target = rand() < 0.08 ? null : pickTarget();
    const backup = target && rand() < 0.3 ? pick(['Internal Medicine', 'Family Medicine', 'Pediatrics', 'Preliminary Surgery', 'Transitional Year']) : null;
    students.push({
      id,
      firstName,
      lastName,
      email: `${firstName}.${lastName}.${i + 1}@students.example.edu`.toLowerCase(),
      gradYear,
      applicantType,
      targetSpecialty: target,
      backupSpecialty: backup === target ? null : backup,
      advisor: pick(ADVISORS),
      usceMonths: applicantType === 'IMG' ? (rand() < 0.2 ? null : Math.floor(rand() * 10)) : null,
      usLetters: applicantType === 'IMG' ? (rand() < 0.2 ? null : Math.floor(rand() * 4)) : null,
      step1Deadline: null,
      notes: null,
      customFields: {},
    });

    const ability = normal(0, 1); // one latent strength drives practice and real results alike
    const add = (exam: ExamAttemptInput['exam'], testDate: string | null, outcome: ExamAttemptInput['outcome'], score: number | null, attemptOrder: number) =>
      attempts.push({ studentId: id, exam, testDate, outcome, score, attemptOrder });

    // Step 1 (COMLEX Level 1 for DO students, most of whom also sit Step 1).
    const takesStep1 = applicantType !== 'US_DO' || rand() < 0.6;
    const step1Planned = dateIn(gradYear - 2, 3, 7);
    const step1Exams: ExamAttemptInput['exam'][] = applicantType === 'US_DO' ? (takesStep1 ? ['COMLEX1', 'STEP1'] : ['COMLEX1']) : ['STEP1'];
    let step1Passed = true;
    for (const exam of step1Exams) {
      let date = exam === 'STEP1' ? step1Planned : addDays(step1Planned, -14);
      for (let order = 1; order <= 3; order++) {
        if (date > addDays(asOf, 120)) break; // not booked yet
        if (exam === 'STEP1' && order === 1) {
          for (let k = 0; k < 2 + Math.floor(rand() * 2); k++) {
            const takenOn = addDays(date, -7 * (1 + k * 2) - Math.floor(rand() * 5));
            if (takenOn > asOf) continue;
            const p = Math.max(5, Math.min(99, Math.round(75 + 18 * ability + normal(0, 8))));
            practice.push({ studentId: id, exam: 'STEP1', form: STEP1_FORMS[(i + k) % STEP1_FORMS.length], takenOn, score: null, passProbability: p });
          }
        }
        if (date > asOf) {
          add(exam, date, 'SCHEDULED', null, order);
          break;
        }
        const failChance = order === 1 ? 0.07 : 0.15;
        const failed = rand() < failChance * (ability < -0.5 ? 2 : 0.6);
        add(exam, date, failed ? 'FAIL' : 'PASS', null, order);
        if (!failed) break;
        if (exam === 'STEP1') step1Passed = false;
        date = addDays(date, 70 + Math.floor(rand() * 60));
      }
    }

    // Step 2 CK (and COMLEX Level 2-CE for DO students).
    const ckPlanned = dateIn(gradYear - 1, 4, 10);
    const booked = rand() < 0.8;
    const ckExams: ExamAttemptInput['exam'][] = applicantType === 'US_DO' ? (rand() < 0.5 ? ['COMLEX2CE', 'STEP2CK'] : ['COMLEX2CE']) : ['STEP2CK'];
    for (const exam of ckExams) {
      const date = exam === 'STEP2CK' ? ckPlanned : addDays(ckPlanned, -10);
      const base = exam === 'STEP2CK' ? 250 + 15 * ability + normal(0, 5) - (step1Passed ? 0 : 8) : 560 + 80 * ability;
      if (exam === 'STEP2CK') {
        for (let k = 0; k < 2 + Math.floor(rand() * 2); k++) {
          const takenOn = addDays(date, -6 * (1 + k * 2) - Math.floor(rand() * 5));
          if (takenOn > asOf) continue;
          practice.push({ studentId: id, exam: 'STEP2CK', form: CK_FORMS[(i + k) % CK_FORMS.length], takenOn, score: Math.max(150, Math.min(290, Math.round(base + normal(-3, 7)))), passProbability: null });
        }
      }
      if (date > asOf) {
        if (booked && date <= addDays(asOf, 300)) add(exam, date, 'SCHEDULED', null, 1);
        continue;
      }
      if (date > addDays(asOf, -28)) {
        add(exam, date, 'PENDING', null, 1);
        continue;
      }
      const score = exam === 'STEP2CK' ? Math.max(180, Math.min(285, Math.round(base))) : Math.max(250, Math.min(850, Math.round(base)));
      const pass = exam === 'STEP2CK' ? score >= ckPass(date) : score >= comlexPass;
      add(exam, date, pass ? 'PASS' : 'FAIL', score, 1);
      if (!pass) {
        const retake = addDays(date, 84);
        // Retakes in the demo pass, with a score at or above the standard in force on the retake date.
        const retakeScore = exam === 'STEP2CK' ? Math.max(score + 12, ckPass(retake) + 1 + Math.floor(rand() * 10)) : Math.max(score + 40, comlexPass + 10);
        if (retake <= asOf) add(exam, retake, 'PASS', retakeScore, 2);
        else add(exam, retake, 'SCHEDULED', null, 2);
      }
    }
  }
  return { students, attempts, practice };
}
