import { NumberInput, Select, TextInput } from '@mantine/core';
import { useState } from 'react';
import { EXAM_LABELS, EXAMS, OUTCOME_LABELS, OUTCOMES, type ExamAttempt, type ExamAttemptInput } from '../../../../shared/domain';
import { call } from '../../api/client';
import { RecordFormModal, useRecordSave } from './RecordFormModal';

const NO_RESULT = 'none';

/** Add or edit one exam attempt; the core checks the score scale and dates and answers per field. */
export function AttemptForm({ studentId, attempt, onClose, onSaved }: { studentId: string; attempt: ExamAttempt | null; onClose: () => void; onSaved: () => void }) {
  const [exam, setExam] = useState<string>(attempt?.exam ?? 'STEP2CK');
  const [testDate, setTestDate] = useState(attempt?.testDate ?? '');
  const [outcome, setOutcome] = useState<string>(attempt ? (attempt.outcome ?? NO_RESULT) : 'SCHEDULED');
  const [score, setScore] = useState<number | string>(attempt?.score ?? '');
  const [order, setOrder] = useState<number | string>(attempt?.attemptOrder ?? '');
  const { errors, busy, save: saveWith } = useRecordSave('attempt', onSaved);

  const save = async () => {
    const input: ExamAttemptInput = {
      studentId,
      exam: exam as ExamAttemptInput['exam'],
      testDate: testDate || null,
      outcome: outcome === NO_RESULT ? null : (outcome as ExamAttemptInput['outcome']),
      score: score === '' ? null : Number(score),
      attemptOrder: order === '' ? null : Number(order),
    };
    await saveWith(() => (attempt ? call('attempts.update', { id: attempt.id, attempt: input }) : call('attempts.add', input)));
  };

  return (
    <RecordFormModal
      title={attempt ? 'Edit exam attempt' : 'Add exam attempt'}
      submitLabel={attempt ? 'Save attempt' : 'Add attempt'}
      busy={busy}
      formError={errors['']}
      onClose={onClose}
      onSubmit={() => void save()}
    >
      <Select label="Exam" data={EXAMS.map((e) => ({ value: e, label: EXAM_LABELS[e] }))} value={exam} onChange={(v) => v && setExam(v)} allowDeselect={false} error={errors.exam} data-autofocus />
      <TextInput label="Test date" description="Blank when unknown (old attempts)" type="date" value={testDate} onChange={(e) => setTestDate(e.currentTarget.value)} error={errors.testDate} />
      <Select
        label="Result"
        data={[...OUTCOMES.map((o) => ({ value: o, label: OUTCOME_LABELS[o] })), { value: NO_RESULT, label: 'No result recorded (judge the score)' }]}
        value={outcome}
        onChange={(v) => v && setOutcome(v)}
        allowDeselect={false}
        error={errors.outcome}
      />
      <NumberInput label="Score" description="Three-digit score, if the exam reports one" value={score} onChange={setScore} allowDecimal={false} error={errors.score} />
      <NumberInput label="Attempt number" description="1 for a first attempt; blank when unknown" value={order} onChange={setOrder} min={1} allowDecimal={false} error={errors.attemptOrder} />
    </RecordFormModal>
  );
}
