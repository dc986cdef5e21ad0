// Documents (issue 16): the rekap TPP (PDF, .xlsx), the slip TPP, the attendance recap and the
// verification code, rendered from plain data by maintained libraries (pdfkit, ExcelJS, qrcode).
export * from './format';
export * from './rekap';
export * from './rekap-pdf';
export * from './rekap-xlsx';
export * from './slip-pdf';
export * from './attendance-recap';
export * from './verification';
export type { PageSize } from './pdf';
