// The central Function App on the Flex Consumption plan with the custom-handler runtime (docs/adr/0010). Every
// connection is identity-based through the central user-assigned identity: no key, connection string with a key,
// or SAS token is in the app settings (the setting names are the shared configuration contract, docs/adr/0011).

param location string
param tags object
param planName string
param functionAppName string

@description('Value of the azd-service-name tag: the service name in azure.yaml.')
param serviceName string

param centralIdentityId string
param centralClientId string

param storageAccountName string
param storageBlobEndpoint string
param deploymentContainerName string

@description('The queue endpoint of the storage account (https://<account>.queue.core.windows.net/).')
param storageQueueEndpoint string
param dispatchQueueName string

param applicationInsightsName string

param eventHubsFullyQualifiedNamespace string
param eventHubName string
param consumerGroupName string

param cosmosEndpoint string
param cosmosDatabaseName string

param iotHubHostName string

@description('Entra ID audience the API validates tokens for: the API app\'s client id (v2.0 tokens), or its Application ID URI.')
param apiAudience string

@description('The dashboard app registration\'s client id; empty = the dashboard asks for a pasted token.')
param dashboardClientId string = ''

@description('The API scope the dashboard asks for when it signs in.')
param dashboardScope string = ''

@description('The token claim naming the caller\'s CloudStatus tenants.')
param tenantClaim string = 'cs_tenant'

@description('Most instances the plan scales out to (Flex Consumption: 40 to 1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory of each instance in MB (Flex Consumption: 512, 2048 or 4096).')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: functionAppName
  location: location
  tags: union(tags, {
    'azd-service-name': serviceName
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${centralIdentityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      http20Enabled: true
      appSettings: [
        // Host storage by identity.
        {
          name: 'AzureWebJobsStorage__accountName'
          value: storageAccountName
        }
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'AzureWebJobsStorage__clientId'
          value: centralClientId
        }
        // Telemetry, ingested with an Entra token (the component has local auth off).
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: applicationInsights.properties.ConnectionString
        }
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'ClientId=${centralClientId};Authorization=AAD'
        }
        // The Event Hubs trigger of IngestStatus: connection IotHubEvents, hub and consumer group by setting.
        {
          name: 'IotHubEvents__fullyQualifiedNamespace'
          value: eventHubsFullyQualifiedNamespace
        }
        {
          name: 'IotHubEvents__credential'
          value: 'managedidentity'
        }
        {
          name: 'IotHubEvents__clientId'
          value: centralClientId
        }
        {
          name: 'IngestEventHubName'
          value: eventHubName
        }
        {
          name: 'IngestConsumerGroup'
          value: consumerGroupName
        }
        // The queue triggers of DispatchCommands and DispatchPoison: connection Dispatch, by identity.
        {
          name: 'Dispatch__queueServiceUri'
          value: storageQueueEndpoint
        }
        {
          name: 'Dispatch__credential'
          value: 'managedidentity'
        }
        {
          name: 'Dispatch__clientId'
          value: centralClientId
        }
        {
          name: 'DispatchQueueName'
          value: dispatchQueueName
        }
        // The app itself: DefaultAzureCredential picks the user-assigned identity by client id.
        {
          name: 'AZURE_CLIENT_ID'
          value: centralClientId
        }
        {
          name: 'CloudStatus__Central__Store__Kind'
          value: 'Cosmos'
        }
        {
          name: 'CloudStatus__Central__Store__Cosmos__AccountEndpoint'
          value: cosmosEndpoint
        }
        {
          name: 'CloudStatus__Central__Store__Cosmos__Database'
          value: cosmosDatabaseName
        }
        // Commands and resync requests go through the same queue the trigger reads (docs/adr/0070).
        {
          name: 'CloudStatus__Central__Dispatch__Kind'
          value: 'StorageQueue'
        }
        {
          name: 'CloudStatus__Central__Dispatch__QueueServiceUri'
          value: storageQueueEndpoint
        }
        {
          name: 'CloudStatus__Central__Dispatch__QueueName'
          value: dispatchQueueName
        }
        {
          name: 'CloudStatus__Central__Commands__IotHub__HostName'
          value: iotHubHostName
        }
        {
          name: 'CloudStatus__Auth__Entra__TenantId'
          value: tenant().tenantId
        }
        {
          name: 'CloudStatus__Auth__Entra__Audience'
          value: apiAudience
        }
        {
          name: 'CloudStatus__Auth__Entra__ClientId'
          value: dashboardClientId
        }
        {
          name: 'CloudStatus__Auth__Entra__Scope'
          value: dashboardScope
        }
        {
          name: 'CloudStatus__Auth__Entra__TenantClaim'
          value: tenantClaim
        }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: centralIdentityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'custom'
        version: '1.0'
      }
    }
  }
}

// Publishing with basic (user name and password) credentials is off; azd deploys with an Entra token.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

output functionAppName string = functionApp.name
output defaultHostName string = functionApp.properties.defaultHostName
