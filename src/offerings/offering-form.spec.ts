import { draftToForm, formToSaveInput, toFormPaths } from './offering-form';

describe('the editor form ↔ draft', () => {
  it('drops blank and removed rows and remembers where the others came from', () => {
    const { draft, rowMap } = formToSaveInput({
      revision: '3',
      draft: {
        fees: { currency: 'USD' },
        careArc: [{ name: 'A', remove: 'on' }, { name: '' }, { name: 'C', feePerVisit: '$1,090.50', ongoing: 'on' }],
      },
    });
    expect(draft.careArc).toEqual([expect.objectContaining({ name: 'C', feePerVisitMinor: 109050, lengthWeeks: null })]);
    expect(rowMap.careArc).toEqual([2]);
    expect(toFormPaths({ 'careArc.0.name': 'x', title: 'y' }, rowMap)).toEqual({ 'careArc.2.name': 'x', title: 'y' });
  });

  it('turns an amount it cannot read into a value validation refuses, never a guess', () => {
    const { draft } = formToSaveInput({ draft: { fees: { currency: 'USD' }, careArc: [{ name: 'A', feePerVisit: 'ninety' }] } });
    expect(Number.isNaN(draft.careArc![0].feePerVisitMinor)).toBe(true);
  });

  it('keeps a sliding scale or estimate that was typed but not ticked', () => {
    const { draft } = formToSaveInput({ draft: { fees: { slidingScale: { minPercent: '50' } }, estimate: { npi: '1234567893' } } });
    expect(draft.fees!.slidingScale).toEqual({ minPercent: '50', maxPercent: undefined, howDecided: undefined });
    expect(draft.estimate).toEqual({ npi: '1234567893', tin: undefined, serviceLocation: undefined });
  });

  it('shows a saved draft with money in major units and codes as one field', () => {
    const form = draftToForm({
      fees: { currency: 'USD' },
      careArc: [{ name: 'A', feePerVisitMinor: 9050, serviceCodes: ['98941', '97140'], lengthWeeks: null }],
    }) as {
      draft: { careArc: Array<Record<string, unknown>> };
    };
    expect(form.draft.careArc[0]).toMatchObject({ feePerVisit: '90.50', serviceCodes: '98941, 97140', ongoing: true });
  });
});
