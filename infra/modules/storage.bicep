// The Function App's storage: AzureWebJobsStorage by identity (blob leases and Event Hubs checkpoints, queues and
// tables the host may use), the Flex Consumption deployment container the app package is uploaded to, and the
// dispatch queue with its poison queue (commands and resync requests, docs/adr/0070). Shared key access is off, so
// nothing can reach it with an account key.

import { roleIds } from 'roles.bicep'

param location string
param tags object
param storageAccountName string
param deploymentContainerName string

@description('The dispatch queue (DispatchCommands reads it); the host moves a message it gave up on to <name>-poison.')
param dispatchQueueName string

@description('Principal id of the central identity (the Functions host and the deployment both use it).')
param centralPrincipalId string

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource dispatchQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: dispatchQueueName
}

resource dispatchPoisonQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: '${dispatchQueueName}-poison'
}

// Storage Queue Data Contributor also covers the dispatch queues: the app sends to them, the host's trigger reads them.
var hostRoles = [
  roleIds.storageBlobDataOwner
  roleIds.storageQueueDataContributor
  roleIds.storageTableDataContributor
]

resource centralUsesStorage 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in hostRoles: {
    name: guid(storage.id, centralPrincipalId, roleId)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: centralPrincipalId
      principalType: 'ServicePrincipal'
    }
  }
]

output storageAccountName string = storage.name
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output deploymentContainerName string = deploymentContainer.name
output queueEndpoint string = storage.properties.primaryEndpoints.queue
output dispatchQueueName string = dispatchQueue.name
