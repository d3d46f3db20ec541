// Parameters for the dev environment. No secrets belong here.
using './main.bicep'

param environmentName = 'dev'
param appServicePlanSku = 'B1'
param botSku = 'F0'
param committeeFile = 'Committees/sample-committee.json'
