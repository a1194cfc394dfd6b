declare module "@observablehq/inputs";
