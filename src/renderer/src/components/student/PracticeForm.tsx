import { Alert, Button, Group, Modal, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { EXAM_LABELS, PRACTICE_EXAMS, localToday, type PracticeExam, type PracticeExamInput } from '../../../../shared/domain';
import { call } from '../../api/client';
import { fieldErrors, type FieldErrors } from './fieldErrors';

/** Add or edit a practice exam (NBME, UWSA, Free 120…): a three-digit score or a pass probability. */
export function PracticeForm({ studentId, practice, onClose, onSaved }: { studentId: string; practice: PracticeExam | null; onClose: () => void; onSaved: () => void }) {
  const [exam, setExam] = useState<string>(practice?.exam ?? 'STEP2CK');
  const [form, setForm] = useState(practice?.form ?? '');
  const [takenOn, setTakenOn] = useState(practice?.takenOn ?? localToday());
  const [score, setScore] = useState<number | string>(practice?.score ?? '');
  const [probability, setProbability] = useState<number | string>(practice?.passProbability ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  const save = async () => {
    const input: PracticeExamInput = {
      studentId,
      exam: exam as PracticeExamInput['exam'],
      form,
      takenOn,
      score: score === '' ? null : Number(score),
      passProbability: probability === '' ? null : Number(probability),
    };
    setBusy(true);
    try {
      if (practice) await call('practice.update', { id: practice.id, practice: input });
      else await call('practice.add', input);
      onSaved();
    } catch (err) {
      setErrors(fieldErrors(err, ['practice']));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={practice ? 'Edit practice exam' : 'Add practice exam'}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack gap="sm">
          {errors[''] && <Alert color="red">{errors['']}</Alert>}
          <Select label="Exam" data={PRACTICE_EXAMS.map((e) => ({ value: e, label: EXAM_LABELS[e] }))} value={exam} onChange={(v) => v && setExam(v)} allowDeselect={false} error={errors.exam} />
          <TextInput label="Form" placeholder="NBME 31, UWSA 2, Free 120…" value={form} onChange={(e) => setForm(e.currentTarget.value)} error={errors.form} data-autofocus />
          <TextInput label="Taken on" type="date" value={takenOn} onChange={(e) => setTakenOn(e.currentTarget.value)} error={errors.takenOn} />
          <NumberInput label="Score" description="Three-digit score" value={score} onChange={setScore} allowDecimal={false} error={errors.score} />
          <NumberInput label="Pass probability (%)" description="NBME Step 1 forms report this instead of a score" value={probability} onChange={setProbability} min={0} max={100} error={errors.passProbability} />
          <Group justify="end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              {practice ? 'Save practice exam' : 'Add practice exam'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
