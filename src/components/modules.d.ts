// Untyped packages used by the components.
declare module "@observablehq/inputs";
declare module "htl";
