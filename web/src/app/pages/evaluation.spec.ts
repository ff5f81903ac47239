import { activeSegment, clock } from './evaluation';

describe('transcript following playback', () => {
  const segments = [
    { start: 0.5, end: 2, text: 'Buenos días' },
    { start: 2, end: 5, text: 'Quisiera un plan' },
    { start: 7, end: 9, text: 'Gracias' },
  ];

  it('marks the last segment that started', () => {
    expect(activeSegment(segments, 0)).toBe(-1);
    expect(activeSegment(segments, 2)).toBe(1);
    expect(activeSegment(segments, 6)).toBe(1);
    expect(activeSegment(segments, 100)).toBe(2);
  });

  it('shows times as m:ss', () => {
    expect(clock(0)).toBe('0:00');
    expect(clock(75.9)).toBe('1:15');
  });
});
