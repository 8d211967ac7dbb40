// Scaffold only: the panel's browser code replaces this file.
export {};
