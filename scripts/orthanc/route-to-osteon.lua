-- Routes each image Orthanc stores to Osteon as soon as it is stored, the way a hospital PACS
-- forwards new examinations to an AI node. Osteon's own results (structured reports, presentation
-- states, segmentations) and anything Osteon sent are never routed back to it.
local RESULT_MODALITIES = { SR = true, PR = true, SEG = true, KO = true }

function OnStoredInstance(instanceId, tags, metadata, origin)
  if RESULT_MODALITIES[tags['Modality'] or ''] then
    return
  end
  if origin ~= nil and origin['RemoteAet'] == '@OSTEON_CALLING_AET@' then
    return
  end
  local job = SendToModality(instanceId, 'osteon')
end
