import { Button, Group, MultiSelect, Select, TextInput } from '@mantine/core';
import type { CohortFilter } from '../../../../shared/api';
import { ENROLLED_STATUSES, ENROLMENT_LABELS, ENROLMENT_STATUSES, isIsoDate, localToday, type EnrolmentStatus } from '../../../../shared/domain';
import { useQuery } from '../../api/useQuery';
import { navigate } from '../../router';
import { rosterParams } from '../roster/rosterParams';
import { APPLICANT_TYPE_CHOICES } from '../choices';
import { isDefaultStatuses } from './cohortParams';

/** The dashboard's filters; they live in the address so a view can be bookmarked and shared. */
export function DashboardFilters({ filter }: { filter: CohortFilter & { asOf: string } }) {
  const options = useQuery('dashboard.options', {});
  const today = localToday();
  const set = (patch: Partial<CohortFilter>) => {
    const next = { ...filter, ...patch };
    const params = rosterParams(next);
    navigate('/', { ...params, status: isDefaultStatuses(next.statuses) ? undefined : params.status, asOf: next.asOf && next.asOf !== today ? next.asOf : undefined });
  };
  const filtered = !!(filter.gradYears?.length || filter.advisor || filter.applicantType || filter.targetSpecialty || filter.asOf !== today || !isDefaultStatuses(filter.statuses));
  return (
    <Group align="end" gap="sm" wrap="wrap" role="search" aria-label="Dashboard filters">
      <Select
        label="Class year"
        placeholder="All classes"
        data={(options.data?.gradYears ?? []).map(String)}
        value={filter.gradYears?.[0] ? String(filter.gradYears[0]) : null}
        onChange={(v) => set({ gradYears: v ? [Number(v)] : undefined })}
        clearable
        w={140}
      />
      <Select
        label="Advisor"
        placeholder="All advisors"
        data={options.data?.advisors ?? []}
        value={filter.advisor ?? null}
        onChange={(v) => set({ advisor: v ?? undefined })}
        searchable
        clearable
        w={190}
      />
      <Select
        label="Applicant type"
        placeholder="All types"
        data={APPLICANT_TYPE_CHOICES}
        value={filter.applicantType ?? null}
        onChange={(v) => set({ applicantType: (v as CohortFilter['applicantType']) ?? undefined })}
        clearable
        w={150}
      />
      <Select
        label="Target specialty"
        placeholder="All specialties"
        data={options.data?.targetSpecialties ?? []}
        value={filter.targetSpecialty ?? null}
        onChange={(v) => set({ targetSpecialty: v ?? undefined })}
        searchable
        clearable
        w={240}
      />
      <MultiSelect
        label="Enrolment status"
        data={ENROLMENT_STATUSES.map((s) => ({ value: s, label: ENROLMENT_LABELS[s] }))}
        value={filter.statuses ?? [...ENROLLED_STATUSES]}
        // Never none: an emptied choice goes back to the enrolled students.
        onChange={(v) => set({ statuses: v.length ? (v as EnrolmentStatus[]) : [...ENROLLED_STATUSES] })}
        w={440}
        data-testid="dashboard-status-filter"
      />
      <TextInput
        label="As of"
        type="date"
        value={filter.asOf}
        onChange={(e) => {
          const v = e.currentTarget.value;
          if (isIsoDate(v)) set({ asOf: v });
        }}
        w={170}
      />
      {filtered && (
        <Button variant="subtle" onClick={() => navigate('/')}>
          Clear filters
        </Button>
      )}
    </Group>
  );
}
