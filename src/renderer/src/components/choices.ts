import { APPLICANT_TYPE_LABELS, APPLICANT_TYPES } from '../../../shared/domain';

/** The applicant types as a select offers them: the forms and the filters all list them alike. */
export const APPLICANT_TYPE_CHOICES = APPLICANT_TYPES.map((t) => ({ value: t, label: APPLICANT_TYPE_LABELS[t] }));
