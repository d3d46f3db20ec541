// One CooperationBot environment in one resource group: the bot's managed identity, its storage,
// the Linux web app that runs it, the Azure Bot registration with the Teams channel, and telemetry.
// No secrets: the bot signs in to Bot Framework and to Storage as its user-assigned managed identity.
targetScope = 'resourceGroup'

@description('Short environment name, used in resource names (e.g. dev, prod).')
@maxLength(8)
param environmentName string

@description('Azure region for everything except the bot registration (which is global).')
param location string = resourceGroup().location

@description('Base name for resources.')
@maxLength(20)
param appName string = 'cooperationbot'

@description('App Service plan SKU (Linux). B1 or higher keeps the app always on for the scheduler.')
param appServicePlanSku string = 'B1'

@description('Azure Bot SKU. F0 is free and enough for the Teams channel; S1 for production volume.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('Committee definition file the bot loads, relative to the app folder.')
param committeeFile string = 'Committees/sample-committee.json'

@description('The Teams app manifest id (TEAMS_APP_ID in manifest/env/<env>.env): lets the bot find its app in the org catalog and install it for people through Microsoft Graph. Empty keeps Graph off.')
param teamsAppId string = ''

@description('Log Analytics retention in days.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

var baseName = '${appName}-${environmentName}'
// Storage names: 3-24 lowercase letters and digits, globally unique.
var storageName = take('st${toLower(replace(appName, '-', ''))}${uniqueString(resourceGroup().id, environmentName)}', 24)
var tenantId = tenant().tenantId

// Built-in role definition ids (same in every tenant).
var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
var storageQueueDataContributor = '974c5e8b-45b6-4653-ba55-5f855dd0fb88'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${baseName}'
  location: location
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    // Entra ID only: no account keys, no SAS signed with them.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    supportsHttpsTrafficOnly: true
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    accessTier: 'Hot'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    // Reports are the committee's record: keep deleted blobs recoverable for a while.
    deleteRetentionPolicy: {
      enabled: true
      days: 14
    }
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource blobRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, identity.id, storageBlobDataContributor)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource queueRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, identity.id, storageQueueDataContributor)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageQueueDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${baseName}'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${baseName}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'asp-${baseName}'
  location: location
  kind: 'linux'
  sku: {
    name: appServicePlanSku
  }
  properties: {
    reserved: true // Linux
  }
}

resource webApp 'Microsoft.Web/sites@2024-04-01' = {
  name: 'app-${baseName}'
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'DOTNETCORE|10.0'
      alwaysOn: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      healthCheckPath: '/healthz'
      appSettings: [
        // Bot Framework auth as the managed identity: no app password exists.
        {
          name: 'MicrosoftAppType'
          value: 'UserAssignedMSI'
        }
        {
          name: 'MicrosoftAppId'
          value: identity.properties.clientId
        }
        {
          name: 'MicrosoftAppTenantId'
          value: tenantId
        }
        {
          name: 'Storage__BlobServiceUri'
          value: storage.properties.primaryEndpoints.blob
        }
        {
          name: 'Storage__QueueServiceUri'
          value: storage.properties.primaryEndpoints.queue
        }
        {
          name: 'Storage__ManagedIdentityClientId'
          value: identity.properties.clientId
        }
        {
          name: 'Committee__File'
          value: committeeFile
        }
        {
          name: 'Committee__DemoMode'
          value: 'false'
        }
        // Microsoft Graph as the same managed identity (its application permissions: docs/deploy.md, section 5).
        {
          name: 'Graph__Enabled'
          value: empty(teamsAppId) ? 'false' : 'true'
        }
        {
          name: 'Graph__TeamsAppId'
          value: teamsAppId
        }
        {
          name: 'Graph__Authentication'
          value: 'ManagedIdentity'
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsights.properties.ConnectionString
        }
      ]
    }
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: 'bot-${baseName}'
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: botSku
  }
  properties: {
    displayName: 'CooperationBot'
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppType: 'UserAssignedMSI'
    msaAppId: identity.properties.clientId
    msaAppMSIResourceId: identity.id
    msaAppTenantId: tenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

@description('Messaging endpoint registered on the Azure Bot.')
output botEndpoint string = bot.properties.endpoint

@description('Bot (client) id: BOT_ID in manifest/env/<env>.env.')
output botAppId string = identity.properties.clientId

@description('Object id of the bot identity\'s service principal: the principal that Graph application permissions are granted to.')
output botPrincipalId string = identity.properties.principalId

@description('Web app name, for az webapp deploy.')
output webAppName string = webApp.name

@description('Web app host name: BOT_DOMAIN in manifest/env/<env>.env.')
output webAppHostName string = webApp.properties.defaultHostName
