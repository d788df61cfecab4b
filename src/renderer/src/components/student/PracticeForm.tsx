import { NumberInput, Select, TextInput } from '@mantine/core';
import { useState } from 'react';
import { EXAM_LABELS, PRACTICE_EXAMS, localToday, type PracticeExam, type PracticeExamInput } from '../../../../shared/domain';
import { call } from '../../api/client';
import { RecordFormModal, useRecordSave } from './RecordFormModal';

/** Add or edit a practice exam (NBME, UWSA, Free 120…): a three-digit score or a pass probability. */
export function PracticeForm({ studentId, practice, onClose, onSaved }: { studentId: string; practice: PracticeExam | null; onClose: () => void; onSaved: () => void }) {
  const [exam, setExam] = useState<string>(practice?.exam ?? 'STEP2CK');
  const [form, setForm] = useState(practice?.form ?? '');
  const [takenOn, setTakenOn] = useState(practice?.takenOn ?? localToday());
  const [score, setScore] = useState<number | string>(practice?.score ?? '');
  const [probability, setProbability] = useState<number | string>(practice?.passProbability ?? '');
  const { errors, busy, save: saveWith } = useRecordSave('practice', onSaved);

  const save = async () => {
    const input: PracticeExamInput = {
      studentId,
      exam: exam as PracticeExamInput['exam'],
      form,
      takenOn,
      score: score === '' ? null : Number(score),
      passProbability: probability === '' ? null : Number(probability),
    };
    await saveWith(() => (practice ? call('practice.update', { id: practice.id, practice: input }) : call('practice.add', input)));
  };

  return (
    <RecordFormModal
      title={practice ? 'Edit practice exam' : 'Add practice exam'}
      submitLabel={practice ? 'Save practice exam' : 'Add practice exam'}
      busy={busy}
      formError={errors['']}
      onClose={onClose}
      onSubmit={() => void save()}
    >
      <Select label="Exam" data={PRACTICE_EXAMS.map((e) => ({ value: e, label: EXAM_LABELS[e] }))} value={exam} onChange={(v) => v && setExam(v)} allowDeselect={false} error={errors.exam} />
      <TextInput label="Form" placeholder="NBME 31, UWSA 2, Free 120…" value={form} onChange={(e) => setForm(e.currentTarget.value)} error={errors.form} data-autofocus />
      <TextInput label="Taken on" type="date" value={takenOn} onChange={(e) => setTakenOn(e.currentTarget.value)} error={errors.takenOn} />
      <NumberInput label="Score" description="Three-digit score" value={score} onChange={setScore} allowDecimal={false} error={errors.score} />
      <NumberInput label="Pass probability (%)" description="NBME Step 1 forms report this instead of a score" value={probability} onChange={setProbability} min={0} max={100} error={errors.passProbability} />
    </RecordFormModal>
  );
}
