import { DEFAULT_INTAKE } from './default-template';
import { formatOptions, parseOptions } from './template-edits';

describe('the choices box', () => {
  it.each([
    [
      'one per line',
      'Within days\nWithin weeks',
      [
        ['within_days', 'Within days'],
        ['within_weeks', 'Within weeks'],
      ],
    ],
    [
      'an explicit value',
      'days | Within days\n  | Weeks ',
      [
        ['days', 'Within days'],
        ['weeks', 'Weeks'],
      ],
    ],
    ['a value alone', 'days |', [['days', 'days']]],
    [
      'blank lines and Windows line ends',
      '\r\nYes\r\n\r\nNo\r\n',
      [
        ['yes', 'Yes'],
        ['no', 'No'],
      ],
    ],
    [
      'a line typed twice',
      'Yes\nNo\nyes',
      [
        ['yes', 'Yes'],
        ['no', 'No'],
      ],
    ],
    [
      'labels that share a value',
      'Days!\nDays?\ndays | Other',
      [
        ['days', 'Days!'],
        ['days_2', 'Days?'],
        ['days_3', 'Other'],
      ],
    ],
    [
      'labels without Latin letters',
      '是\n否',
      [
        ['option_1', '是'],
        ['option_2', '否'],
      ],
    ],
  ])('reads %s', (_label, box, expected) => {
    expect(parseOptions(box)).toEqual(expected.map(([value, label]) => ({ value, label })));
  });

  it.each([DEFAULT_INTAKE.sections[5].questions[0].options!, parseOptions('Yes\nNo\n是'), [{ value: 'a', label: 'Either | or' }]])(
    'writes choices the way it reads them back (%#)',
    (...options) => {
      expect(parseOptions(formatOptions(options))).toEqual(options);
    },
  );
});
