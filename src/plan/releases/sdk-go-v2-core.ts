/**
 * github.com/aws/aws-sdk-go-v2 core module releases named in the Module Highlights of the root CHANGELOG.md of github.com/aws/aws-sdk-go-v2 (a stored copy read in full, releases 2020-09-28 to 2023-03-10; 1.1.0-1.4.0 from its older "`aws` - vX" sections): only releases the changelog highlights, so the table is real but sparse (no 1.9.x, 1.12.x, 1.15.x), and it ends 2023-02-20.
 * Rows: version, date (dates UTC, YYYY-MM-DD). Generated from that source; edit by regenerating.
 */
export const SDK_GO_V2_CORE: ReadonlyArray<readonly [string, string]> = [
  ["1.1.0", "2021-01-29"],
  ["1.2.0", "2021-02-09"],
  ["1.3.0", "2021-03-18"],
  ["1.4.0", "2021-05-06"],
  ["1.5.0", "2021-05-14"],
  ["1.6.0", "2021-05-20"],
  ["1.7.0", "2021-06-25"],
  ["1.8.0", "2021-08-04"],
  ["1.10.0", "2021-10-21"],
  ["1.11.1", "2021-11-19"],
  ["1.13.0", "2022-01-14"],
  ["1.14.0", "2022-02-24"],
  ["1.16.0", "2022-03-23"],
  ["1.16.3", "2022-04-25"],
  ["1.16.6", "2022-06-29"],
  ["1.16.9", "2022-08-08"],
  ["1.16.16", "2022-09-20"],
  ["1.17.0", "2022-10-21"],
  ["1.17.3", "2022-12-15"],
  ["1.17.5", "2023-02-20"],
];
