import type { RouteObject } from 'react-router';
import { Shell } from './layout/Shell';
import { SignInPage } from './session/SignIn';
import { CallbackPage } from './session/Callback';
import { InboxPage } from './pages/Inbox';
import { NotFoundPage } from './pages/NotFound';

/**
 * The console's pages. Public: sign-in and its OIDC callback (and the public feedback and document verification pages). The rest
 * are inside the signed-in Shell. Paths are Indonesian, as people read them in the address bar.
 */
export const ROUTES: RouteObject[] = [
  { path: '/masuk', element: <SignInPage /> },
  { path: '/masuk/callback', element: <CallbackPage /> },
  {
    path: '/umpan-balik-publik/:token',
    lazy: async () => ({ Component: (await import('./pages/feedback/PublicFeedbackPage')).PublicFeedbackPage }),
  },
  {
    path: '/verifikasi/:code',
    lazy: async () => ({ Component: (await import('./pages/verifikasi/VerificationPage')).VerificationPage }),
  },
  {
    element: <Shell />,
    children: [
      { index: true, element: <InboxPage /> },
      { path: 'skp', lazy: async () => ({ Component: (await import('./pages/skp/WorkPlanPage')).MyPlanRedirect }) },
      { path: 'skp/kaskade', lazy: async () => ({ Component: (await import('./pages/skp/CascadePage')).CascadePage }) },
      { path: 'skp/bagikan', lazy: async () => ({ Component: (await import('./pages/skp/HandOverPage')).HandOverPage }) },
      { path: 'skp/:nip/:year', lazy: async () => ({ Component: (await import('./pages/skp/WorkPlanPage')).WorkPlanPage }) },
      { path: 'penilaian', lazy: async () => ({ Component: (await import('./pages/penilaian/TeamAppraisalPage')).TeamAppraisalPage }) },
      { path: 'penilaian/saya', lazy: async () => ({ Component: (await import('./pages/penilaian/MyAppraisalsPage')).MyAppraisalsPage }) },
      {
        path: 'penilaian/saya/:period',
        lazy: async () => ({ Component: (await import('./pages/penilaian/MyAppraisalPage')).MyAppraisalPage }),
      },
      {
        path: 'penilaian/keberatan/:nip/:period',
        lazy: async () => ({ Component: (await import('./pages/penilaian/ObjectionDecisionPage')).ObjectionDecisionPage }),
      },
      { path: 'umpan-balik', lazy: async () => ({ Component: (await import('./pages/feedback/FeedbackPage')).FeedbackPage }) },
      {
        path: 'umpan-balik/beri/:nip/:year',
        lazy: async () => ({ Component: (await import('./pages/feedback/GiveFeedbackPage')).GiveFeedbackPage }),
      },
      { path: 'pelatihan', lazy: async () => ({ Component: (await import('./pages/training/TrainingPage')).TrainingPage }) },
      { path: 'slip-tpp', lazy: async () => ({ Component: (await import('./pages/pay/PaySlipPage')).PaySlipPage }) },
      { path: 'laporan-harian', lazy: async () => ({ Component: (await import('./pages/reports/DailyReportPage')).DailyReportPage }) },
      {
        path: 'laporan-harian/tanggapi',
        lazy: async () => ({ Component: (await import('./pages/reports/AnswerReportsPage')).AnswerReportsPage }),
      },
      { path: 'realisasi', lazy: async () => ({ Component: (await import('./pages/reports/RealisationPage')).RealisationPage }) },
      {
        path: 'realisasi/:nip/:period',
        lazy: async () => ({ Component: (await import('./pages/reports/RealisationPage')).RealisationPage }),
      },
      // Kepegawaian (BKPSDM): pegawai, struktur organisasi, impor.
      { path: 'pegawai', lazy: async () => ({ Component: (await import('./pages/pegawai/DirectoryPage')).DirectoryPage }) },
      { path: 'pegawai/baru', lazy: async () => ({ Component: (await import('./pages/pegawai/RegisterPage')).RegisterPage }) },
      { path: 'pegawai/impor', lazy: async () => ({ Component: (await import('./pages/pegawai/ImportPage')).ImportPage }) },
      { path: 'pegawai/:nip', lazy: async () => ({ Component: (await import('./pages/pegawai/EmployeePage')).EmployeePage }) },
      { path: 'struktur', lazy: async () => ({ Component: (await import('./pages/pegawai/OrgChartPage')).OrgChartPage }) },
      // End of Kepegawaian.
      // Inspektorat (issue 14): jejak audit, aliran, per tanggal, integritas.
      { path: 'audit', lazy: async () => ({ Component: (await import('./pages/audit/TimelinePage')).TimelinePage }) },
      { path: 'audit/aliran/:streamId', lazy: async () => ({ Component: (await import('./pages/audit/StreamPage')).StreamPage }) },
      { path: 'audit/per-tanggal', lazy: async () => ({ Component: (await import('./pages/audit/AsOfPage')).AsOfPage }) },
      { path: 'audit/integritas', lazy: async () => ({ Component: (await import('./pages/audit/IntegrityPage')).IntegrityPage }) },
      // End of Inspektorat.
      // Keuangan: penggajian TPP (the run of an OPD for a month and its approval chain).
      { path: 'keuangan/tpp', lazy: async () => ({ Component: (await import('./pages/keuangan/PayrollRunsPage')).PayrollRunsPage }) },
      {
        path: 'keuangan/tpp/:opdId/:month',
        lazy: async () => ({ Component: (await import('./pages/keuangan/PayrollRunPage')).PayrollRunPage }),
      },
      // Part 2, Kepegawaian and Pimpinan: kalibrasi, tindak lanjut and dasbor.
      { path: 'kalibrasi', lazy: async () => ({ Component: (await import('./pages/kalibrasi/CalibrationPage')).CalibrationPage }) },
      { path: 'tindak-lanjut', lazy: async () => ({ Component: (await import('./pages/tindak-lanjut/FollowUpPage')).FollowUpPage }) },
      { path: 'dasbor', lazy: async () => ({ Component: (await import('./pages/dasbor/DashboardPage')).DashboardPage }) },
      // End of part 2: kalibrasi, tindak lanjut and dasbor.
      // Analitik penilaian dan beban kerja (issue 18): BKPSDM and the inspectorate.
      { path: 'analitik', lazy: async () => ({ Component: (await import('./pages/analitik/AnalyticsPage')).AnalyticsPage }) },
      // Keuangan: impor, sanksi, anggaran dan kebijakan (c2-finance)
      { path: 'keuangan/impor', lazy: async () => ({ Component: (await import('./pages/keuangan-input/ImportPage')).ImportPage }) },
      { path: 'keuangan/sanksi', lazy: async () => ({ Component: (await import('./pages/keuangan-input/SanctionsPage')).SanctionsPage }) },
      { path: 'keuangan/anggaran', lazy: async () => ({ Component: (await import('./pages/keuangan-input/BudgetPage')).BudgetPage }) },
      { path: 'kebijakan', lazy: async () => ({ Component: (await import('./pages/kebijakan/PolicyPage')).PolicyPage }) },
      { path: 'simulasi-tpp', lazy: async () => ({ Component: (await import('./pages/kebijakan/SimulationPage')).SimulationPage }) },
      // end of Keuangan: impor, sanksi, anggaran dan kebijakan
      // Kepegawaian: rekonsiliasi e-Kinerja BKN (issue 16).
      {
        path: 'rekonsiliasi-bkn',
        lazy: async () => ({ Component: (await import('./pages/rekonsiliasi/ReconciliationPage')).ReconciliationPage }),
      },
      // Pegawai: presensi dan cuti (issue 16): one's own month, a staff member's, leave requests.
      { path: 'presensi', lazy: async () => ({ Component: (await import('./pages/presensi/AttendancePage')).AttendancePage }) },
      { path: 'presensi/:nip', lazy: async () => ({ Component: (await import('./pages/presensi/AttendancePage')).AttendancePage }) },
      { path: 'cuti', lazy: async () => ({ Component: (await import('./pages/presensi/LeavePage')).LeavePage }) },
      // End of Pegawai: presensi dan cuti.
      // Kehadiran (issue 16): rekap and fault days, the machines and their PIN maps, the scan import.
      { path: 'kehadiran', lazy: async () => ({ Component: (await import('./pages/kehadiran/RecapPage')).RecapPage }) },
      { path: 'kehadiran/mesin', lazy: async () => ({ Component: (await import('./pages/kehadiran/DevicesPage')).DevicesPage }) },
      { path: 'kehadiran/impor', lazy: async () => ({ Component: (await import('./pages/kehadiran/ScanImportPage')).ScanImportPage }) },
      // End of Kehadiran.
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
