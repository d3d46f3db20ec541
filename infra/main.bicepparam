// Parameters for the dev environment. No secrets belong here.
using './main.bicep'

param environmentName = 'dev'
param appServicePlanSku = 'B1'
param botSku = 'F0'
param committeeFile = 'Committees/sample-committee.json'
// TEAMS_APP_ID of manifest/env/dev.env: Graph finds the app in the org catalog by it.
param teamsAppId = '7b0e9a31-2c4d-4f6a-8b1e-5d3c2a190f77'
