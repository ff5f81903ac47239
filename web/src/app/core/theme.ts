import { definePreset } from '@primeuix/themes';
import Aura from '@primeuix/themes/aura';

/** A severity's solid button in its 700 shade: white text on Aura's 500s is 2.3–3.8:1, on the 700s 4.9–6.5:1. */
const solid = (color: string) => ({
  background: `{${color}.700}`, hoverBackground: `{${color}.800}`, activeBackground: `{${color}.900}`,
  borderColor: `{${color}.700}`, hoverBorderColor: `{${color}.800}`, activeBorderColor: `{${color}.900}`,
  color: '#ffffff', hoverColor: '#ffffff', activeColor: '#ffffff',
});

/** Aura with a blue primary dark enough for white text (WCAG AA 4.5:1); Aura's emerald 500 gives 2.5:1. Success, warn
 * and danger buttons (publish, send back, accept, reject, force) are darkened the same way. */
export const SieteTheme = definePreset(Aura, {
  components: {
    button: {
      colorScheme: { light: { root: { success: solid('green'), warn: solid('orange'), danger: solid('red') } } },
    },
  },
  semantic: {
    primary: {
      50: '{blue.50}', 100: '{blue.100}', 200: '{blue.200}', 300: '{blue.300}', 400: '{blue.400}', 500: '{blue.500}',
      600: '{blue.600}', 700: '{blue.700}', 800: '{blue.800}', 900: '{blue.900}', 950: '{blue.950}',
    },
    colorScheme: {
      light: {
        primary: { color: '{blue.700}', contrastColor: '#ffffff', hoverColor: '{blue.800}', activeColor: '{blue.900}' },
      },
    },
  },
});
