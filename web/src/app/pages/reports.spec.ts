import { fileSize } from './reports';

describe('report sizes', () => {
  it('reads in B, KB and MB', () => {
    expect(fileSize(null)).toBe('—');
    expect(fileSize(800)).toBe('800 B');
    expect(fileSize(2560)).toBe('2.5 KB');
    expect(fileSize(3 * 1048576)).toBe('3.0 MB');
  });
});
