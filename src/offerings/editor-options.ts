import { CURRENCIES } from './money';
import { ALTERNATIVE_KINDS, IF_NOTHING_CHANGES, MODALITIES, MODALITY_LABELS } from './offering-content';
import { IF_NOTHING_LABELS } from './describe';
import { ALTERNATIVE_LABELS } from './offering-view';
import type { TeamMemberOption } from './offerings.service';

/** The choices the editor's selects and checkboxes offer. */
export function editorOptions(providers: TeamMemberOption[]) {
  return {
    providers,
    modalities: MODALITIES.map((value) => ({ value, label: MODALITY_LABELS[value] })),
    currencies: CURRENCIES,
    ifNothingOptions: IF_NOTHING_CHANGES.map((value) => ({ value, label: IF_NOTHING_LABELS[value] })),
    alternativeKinds: ALTERNATIVE_KINDS.map((value) => ({ value, label: ALTERNATIVE_LABELS[value] })),
  };
}
